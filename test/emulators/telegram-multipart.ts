/**
 * multipart/form-data as telegraf sends it for uploads (platform-facts B10): lower-case content-disposition
 * headers, a file part with a filename and no content type. Only what the Bot API reads is kept.
 */
export type FormFile = { filename: string; bytes: Buffer };
export type Form = { fields: Record<string, string>; files: Record<string, FormFile> };

export function parseMultipart(body: Buffer, contentType: string): Form {
  const boundary = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType);
  if (!boundary) throw new Error("multipart body without a boundary");
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  const form: Form = { fields: {}, files: {} };
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const afterDelimiter = start + delimiter.length;
    // "--" after the delimiter closes the body.
    if (body.subarray(afterDelimiter, afterDelimiter + 2).toString() === "--") break;
    const next = body.indexOf(delimiter, afterDelimiter);
    if (next === -1) throw new Error("multipart body is not closed");
    const part = body.subarray(afterDelimiter + 2, next - 2); // skip the CRLF after the delimiter and before the next
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd === -1) throw new Error("multipart part without headers");
    const headers = part.subarray(0, headerEnd).toString("utf8");
    const content = part.subarray(headerEnd + 4);
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? "";
    const name = /\bname="([^"]*)"/.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/.exec(disposition)?.[1];
    if (name !== undefined) {
      if (filename !== undefined) form.files[name] = { filename, bytes: Buffer.from(content) };
      else form.fields[name] = content.toString("utf8");
    }
    start = next;
  }
  return form;
}
