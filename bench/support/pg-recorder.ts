import { createConnection, createServer, type Server, type Socket } from "node:net";

// A TCP proxy between the app and PostgreSQL that writes down, without
// changing a byte, every statement the app sends: its SQL, its parameters as
// sent (PostgreSQL's extended protocol: Parse, Bind, Execute; or a simple
// Query), the connection it came on, and the rows that came back. This is how
// the ingest bench learns exactly which transactions one response costs.

export interface RecordedStatement {
  seq: number;
  connection: number;
  /** The prepared statement's name; "" for an unnamed one (parsed again each time). */
  name: string;
  sql: string;
  /** As sent in Bind: text (format 0) or bytes (format 1); null for SQL NULL. */
  params: (string | Buffer | null)[];
  /** Each row's cells as text, as PostgreSQL returned them. */
  rows: (string | null)[][];
  error: boolean;
}

export class PgRecorder {
  readonly statements: RecordedStatement[] = [];
  private server: Server | null = null;
  private seq = 0;
  private connections = 0;
  private readonly target: { host: string; port: number };

  constructor(target: { host: string; port: number }) {
    this.target = target;
  }

  /** The sequence number the next statement will get (to cut a window out of the recording). */
  get mark(): number {
    return this.seq;
  }

  listen(): Promise<number> {
    this.server = createServer((client) => this.pipe(client));
    return new Promise((resolve) => {
      this.server?.listen(0, "127.0.0.1", () => resolve((this.server?.address() as { port: number }).port));
    });
  }

  close(): Promise<void> {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private pipe(client: Socket) {
    const connection = ++this.connections;
    const upstream = createConnection(this.target);
    const prepared = new Map<string, string>();
    const portals = new Map<string, { name: string; sql: string; params: (string | Buffer | null)[] }>();
    const pending: RecordedStatement[] = [];
    const emit = (name: string, sql: string, params: (string | Buffer | null)[]) => {
      const statement = { seq: this.seq++, connection, name, sql, params, rows: [], error: false };
      this.statements.push(statement);
      pending.push(statement);
    };
    const fromClient = messages(true, (type, body) => {
      if (type === "Q") emit("", cstring(body, 0).value, []);
      else if (type === "P") {
        const name = cstring(body, 0);
        prepared.set(name.value, cstring(body, name.next).value);
      } else if (type === "B") {
        const portal = cstring(body, 0);
        const statement = cstring(body, portal.next);
        portals.set(portal.value, {
          name: statement.value,
          sql: prepared.get(statement.value) ?? "",
          params: bindParams(body, statement.next),
        });
      } else if (type === "E") {
        const bound = portals.get(cstring(body, 0).value);
        if (bound) emit(bound.name, bound.sql, bound.params);
      }
    });
    const fromServer = messages(false, (type, body) => {
      const current = pending[0];
      if (!current) return;
      if (type === "D") current.rows.push(dataRow(body));
      else if (type === "C" || type === "I") pending.shift();
      else if (type === "E") {
        current.error = true;
        pending.shift();
      }
    });
    client.on("data", (chunk: Buffer) => {
      fromClient(chunk);
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => {
      fromServer(chunk);
      client.write(chunk);
    });
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.on("error", () => upstream.destroy());
    upstream.on("error", () => client.destroy());
  }
}

/** Splits a byte stream into protocol messages; the client's first message (startup) has no type byte. */
function messages(startup: boolean, onMessage: (type: string, body: Buffer) => void) {
  let buffer = Buffer.alloc(0);
  let untyped = startup;
  return (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const header = untyped ? 0 : 1;
      if (buffer.length < header + 4) return;
      const length = buffer.readInt32BE(header);
      if (buffer.length < header + length) return;
      const type = untyped ? "" : String.fromCharCode(buffer[0] as number);
      onMessage(type, buffer.subarray(header + 4, header + length));
      buffer = buffer.subarray(header + length);
      untyped = false;
    }
  };
}

function cstring(body: Buffer, offset: number): { value: string; next: number } {
  const end = body.indexOf(0, offset);
  return { value: body.toString("utf8", offset, end), next: end + 1 };
}

function bindParams(body: Buffer, offset: number): (string | Buffer | null)[] {
  let at = offset;
  const formatCount = body.readInt16BE(at);
  const formats = Array.from({ length: formatCount }, (_, i) => body.readInt16BE(at + 2 + i * 2));
  at += 2 + formatCount * 2;
  const count = body.readInt16BE(at);
  at += 2;
  const params: (string | Buffer | null)[] = [];
  for (let i = 0; i < count; i++) {
    const length = body.readInt32BE(at);
    at += 4;
    if (length < 0) {
      params.push(null);
      continue;
    }
    const bytes = Buffer.from(body.subarray(at, at + length));
    at += length;
    const binary = (formatCount === 1 ? formats[0] : formats[i]) === 1;
    params.push(binary ? bytes : bytes.toString("utf8"));
  }
  return params;
}

function dataRow(body: Buffer): (string | null)[] {
  const count = body.readInt16BE(0);
  const cells: (string | null)[] = [];
  let at = 2;
  for (let i = 0; i < count; i++) {
    const length = body.readInt32BE(at);
    at += 4;
    cells.push(length < 0 ? null : body.toString("utf8", at, at + length));
    if (length > 0) at += length;
  }
  return cells;
}
