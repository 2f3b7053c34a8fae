// What learners import to load data sets (see digits.ts).
export { loadDigits, loadDigitImages, imageOf, IMAGE_SIZE, PIXELS } from "./digits.ts";
export type { Digits, DigitsOptions } from "./digits.ts";
