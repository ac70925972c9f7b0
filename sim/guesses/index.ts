/**
 * sim/guesses/: every guess the sim makes about an archy node, as data with its alternatives, and
 * the variant that picks one choice per guess. Code elsewhere in sim/ reads `guess('<id>')`.
 */
export { DIMENSIONS, guessIds, dimensionOf, type GuessId, type GuessValue } from './registry';
export { guessesMarkdown } from './markdown';
export {
  activeVariant,
  DEFAULT_VARIANT,
  differences,
  guess,
  guessName,
  mulberry32,
  useVariant,
  variantFor,
  VariantError,
  type Variant,
} from './variant';
