// What is wrong with a number typed into a sync preference, from the browser's own constraint
// checks on the field (min, max, a number at all), worded for the field; null when it is fine.
// An empty field is fine where it means "no limit" (`emptyMeansNoLimit`), and an error elsewhere.

export function preferenceInputError(input: HTMLInputElement, what: string, emptyMeansNoLimit: boolean): string | null {
  const validity = input.validity;
  if (validity.badInput) return `Enter ${what} as a number.`;
  if (input.value === '') return emptyMeansNoLimit ? null : `Enter ${what}.`;
  const range = input.max === '' ? `${input.min} or more` : `from ${input.min} to ${input.max}`;
  if (validity.rangeUnderflow || validity.rangeOverflow) return `Enter ${what} ${range}.`;
  return null;
}
