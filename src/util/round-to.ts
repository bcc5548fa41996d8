/** A figure rounded to `places` decimals, as reports give shares (4) and hours or money (2). */
export const roundTo = (value: number, places: number) => Math.round(value * 10 ** places) / 10 ** places;
