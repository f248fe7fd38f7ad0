export const ANALYZE_HELP = `Usage: outside-in analyze <file.csv|file.xlsx> --overall COL --drivers COL,COL,...
                          [--weight COL] [--rake margins.json] [--save-weights out.csv]
                          [--by COL] [--compare COL] [--format json|table]

Analyzes satisfaction ratings (1-5, scored (r - 1) x 25 on 0-100) with the
engine of Outside-In Insights. Ratings are numbers or the CMT scales' labels
in English or French, as the app's exports write them (codes or labels).
Blank cells and "not applicable" or "don't know" in any usual spelling
(NA, na, N/A, Not applicable, Sans objet, DK, NSP, Ne sait pas) are missing.

  --overall COL        overall satisfaction column
  --drivers COLS       driver columns, comma-separated (at most 12)
  --weight COL         design weights (positive numbers, one per row)
  --rake FILE          rake the weights (or 1s) to population margins, as
                       R's survey::rake; FILE is JSON, one object per column:
                         { "sex": { "F": 1040000, "M": 960000 },
                           "age": { "18-34": 600000, "35-54": 680000, "55+": 720000 } }
                       categories exactly as in the data, totals positive,
                       every column's totals adding up to the same number
  --save-weights FILE  with --rake: write the data with a raked_weight column (CSV)
  --by COL             cross-tabulate COL against overall satisfied (4-5) or not (1-3):
                       chi-square, or the Rao-Scott F test when weighted
  --compare COL        compare the overall score of the two groups of COL
                       (Welch's t-test, or the design-based t-test when weighted)
  --format FORMAT      json (default) or table
  -h, --help           this help

CSV files may be UTF-8 (with or without BOM) or Latin-1, separated by commas
or semicolons (then numbers may use a decimal comma). In .xlsx files the first
sheet is read, with column names in its first row.
`;

export const MAIN_HELP = `Usage: outside-in <command>

Commands:
  analyze   analyze a file of survey responses (outside-in analyze --help)
`;
