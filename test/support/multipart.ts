const BOUNDARY = '----shequn-test-boundary';

/** A multipart/form-data body: text fields in order, then one file. */
export function multipart(fields: Array<[string, string]>, file?: { filename: string; data: Buffer }) {
  const parts: Buffer[] = [];
  const field = ([name, value]: [string, string]) =>
    parts.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  const addFile = () => {
    if (!file) return;
    parts.push(
      Buffer.from(
        `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="${file.filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      ),
      file.data,
      Buffer.from('\r\n'),
    );
  };
  fields.forEach(field);
  addFile();
  parts.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${BOUNDARY}` } };
}
