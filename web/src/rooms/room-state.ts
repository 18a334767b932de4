import type { RoomFrame } from './api';

/** One message as the room shows it: its frame with the reactions counted so far. */
export interface ShownMessage extends RoomFrame {
  reactions: Array<{ emoji: string; count: number; mine: boolean }>;
}

export interface RoomState {
  /** Messages by seq. */
  messages: Map<number, ShownMessage>;
  /** Every log seq applied (messages and the rest), to drop repeats and know where to catch up from. */
  seen: Set<number>;
  announcement: string | null;
  rules: string;
}

export const emptyRoom = (announcement: string | null, rules: string): RoomState => ({
  messages: new Map(),
  seen: new Set(),
  announcement,
  rules,
});

/** The highest seq below which every entry was applied: what a reconnect catches up from. */
export function contiguousSeq(state: RoomState, floor: number): number {
  let last = floor;
  while (state.seen.has(last + 1)) last++;
  return last;
}

/**
 * Applies a frame (history or live) to the room, returning a new state; a log entry already applied
 * is dropped by its seq. Pure, so the room's rendering is a function of the frames it got.
 */
export function applyFrame(state: RoomState, frame: RoomFrame, me: number | null): RoomState {
  if (frame.seq !== null && state.seen.has(frame.seq)) return state;
  const next: RoomState = { ...state, seen: new Set(state.seen), messages: new Map(state.messages) };
  if (frame.seq !== null) next.seen.add(frame.seq);
  switch (frame.type) {
    case 'message':
      if (frame.seq !== null) next.messages.set(frame.seq, { ...frame, reactions: frame.reactions ?? [] });
      break;
    case 'reaction': {
      const target = frame.target === undefined ? undefined : next.messages.get(frame.target);
      if (!target || !frame.emoji) break;
      const mine = frame.member?.id === me && me !== null;
      const reactions = target.reactions.map((r) => ({ ...r }));
      let entry = reactions.find((r) => r.emoji === frame.emoji);
      if (!entry) reactions.push((entry = { emoji: frame.emoji, count: 0, mine: false }));
      entry.count += frame.on ? 1 : -1;
      if (mine) entry.mine = Boolean(frame.on);
      next.messages.set(target.seq!, { ...target, reactions: reactions.filter((r) => r.count > 0) });
      break;
    }
    case 'hidden': {
      const target = frame.target === undefined ? undefined : next.messages.get(frame.target);
      if (target) next.messages.set(target.seq!, { ...target, hidden: true, text: null, image: null });
      break;
    }
    case 'announcement':
      next.announcement = frame.announcement ?? null;
      next.rules = frame.rules ?? next.rules;
      break;
  }
  return next;
}

/** A text split into plain runs and @mentions (rendered as text either way, never as HTML). */
export function mentionRuns(text: string): Array<{ at: number; text: string; mention: boolean }> {
  const runs: Array<{ at: number; text: string; mention: boolean }> = [];
  let last = 0;
  for (const match of text.matchAll(/@[^\s@]{1,32}/gu)) {
    if (match.index > last) runs.push({ at: last, text: text.slice(last, match.index), mention: false });
    runs.push({ at: match.index, text: match[0], mention: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) runs.push({ at: last, text: text.slice(last), mention: false });
  return runs;
}
