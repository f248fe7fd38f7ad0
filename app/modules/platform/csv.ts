import type { Options } from "csv-stringify";

/**
 * How every CSV we write is laid out (RFC 4180): records end in CRLF, and a
 * field is quoted when it holds a comma, a quote or any line break. The
 * explicit match is needed because csv-stringify only quotes a field holding
 * the whole record delimiter: a lone "\n" in a comment went out bare, and
 * other tools read it as the start of a new record. A semicolon is quoted
 * too (RFC 4180 lets any field be quoted), so that a reader guessing the
 * delimiter, as our importer and Excel in French do, is not misled.
 */
export const rfc4180: Options = { record_delimiter: "windows", quoted_match: /[\r\n;]/ };

/** The same, with a byte order mark, so Excel reads accents right. */
export const rfc4180ForExcel: Options = { ...rfc4180, bom: true };
