/*
 * Outbound text as IRC lines. A line the server relays must fit in 512 bytes with the bot's
 * prefix (`:nick!user@host`), the command, the target and CRLF added, so the text of one PRIVMSG
 * is kept to `IRC_TEXT_BYTES`; cuts never fall inside a character (grapheme), preferably at a space.
 */

/** The text bytes of one PRIVMSG: leaves over 100 bytes of a 512-byte line for prefix, command and target. */
export const IRC_TEXT_BYTES = 400;

const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });
const byteLength = (text: string) => Buffer.byteLength(text, 'utf8');
/** Control characters IRC cannot carry (NUL, CR, LF) or that would garble a line. */
const FORBIDDEN = /[\0\r\n]/g;

/**
 * Splits text into IRC-safe lines: one per line of the text (empty lines dropped), each cut into
 * pieces of at most `maxBytes` UTF-8 bytes.
 *
 * @example
 * ircLines('hello\n\nworld') // ['hello', 'world']
 */
export function ircLines(text: string, maxBytes = IRC_TEXT_BYTES): string[] {
  const lines: string[] = [];
  for (const raw of text.split(/\r\n|\r|\n/)) {
    let rest = raw.replace(FORBIDDEN, '').trimEnd();
    while (rest.trim() !== '') {
      if (byteLength(rest) <= maxBytes) {
        lines.push(rest);
        break;
      }
      const cut = cutAt(rest, maxBytes);
      lines.push(rest.slice(0, cut).trimEnd());
      rest = rest.slice(cut).trimStart();
    }
  }
  return lines;
}

/** Where to cut `text` so the head fits `maxBytes`: after the last space in the second half, else at the last grapheme that fits. */
function cutAt(text: string, maxBytes: number): number {
  let bytes = 0;
  let fits = 0;
  let space = -1;
  for (const { segment, index } of segmenter.segment(text)) {
    bytes += byteLength(segment);
    if (bytes > maxBytes) break;
    fits = index + segment.length;
    if (/^\s+$/.test(segment) && bytes > maxBytes / 2) space = fits;
  }
  // A single grapheme larger than the line (a long emoji sequence) still has to go somewhere.
  if (fits === 0) return [...text][0]?.length ?? text.length;
  return space > 0 ? space : fits;
}

/** One line of text for a single-line command (TOPIC): the lines joined by spaces, cut to fit. */
export function oneLine(text: string, maxBytes = IRC_TEXT_BYTES): string {
  const joined = ircLines(text, Number.MAX_SAFE_INTEGER).join(' ');
  return ircLines(joined, maxBytes)[0] ?? '';
}
