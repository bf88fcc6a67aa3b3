/**
 * A rule the user broke or a record they named that is not there. `code` is a key of the message catalog
 * and `params` fill its placeholders, so the door can say it in the reader's language. Anything that is
 * not a DomainError is a bug and is reported to the user only as a reference number.
 */
export class DomainError extends Error {
  constructor(
    readonly code: string,
    readonly params: Record<string, string | number> = {},
  ) {
    super(code);
    this.name = "DomainError";
  }
}
