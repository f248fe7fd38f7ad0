// Text as a Windows program saving "CSV" in Western Europe writes it: one
// byte a character, Latin-1 plus typographic quotes and dashes in 0x80–0x9F.
const upper: Record<string, number> = {
  "€": 0x80,
  "…": 0x85,
  "‘": 0x91,
  "’": 0x92,
  "“": 0x93,
  "”": 0x94,
  "–": 0x96,
  "—": 0x97,
  œ: 0x9c,
  Œ: 0x8c,
};

export function windows1252(text: string): Uint8Array {
  return Uint8Array.from([...text], (c) => {
    const byte = upper[c] ?? c.charCodeAt(0);
    if (byte > 0xff) throw new Error(`no Windows-1252 byte for ${c}`);
    return byte;
  });
}
