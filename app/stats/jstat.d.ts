// jstat ships no types; this declares only what app/stats uses.
declare module "jstat" {
  interface JStat {
    normal: { inv(p: number, mean: number, sd: number): number };
    studentt: { inv(p: number, df: number): number };
  }
  const jStat: JStat;
  export default jStat;
}
