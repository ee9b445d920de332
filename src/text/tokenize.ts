// Splits NORMALIZED text into maximal runs of letters or of digits. A letter run may carry combining
// marks (scripts such as Devanagari need them); a digit run touching a letter run is its own token,
// so "10كم" → ["10", "كم"] and "ال24" → ["ال", "24"].
const TOKEN = /\p{L}[\p{L}\p{M}]*|\p{N}+/gu;

export function tokenize(s: string): string[] {
  return s.match(TOKEN) ?? [];
}
