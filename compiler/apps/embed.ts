/** Transitional: the embedding moved to compiler/refs.ts; this module goes once the apps part references addresses. */
import { embeddedRefs as refsOf, refId } from '../refs';

export { embed, splitEmbedded, uniqueValues, valueKey } from '../refs';

/** The identities of the references a text embeds. */
export const embeddedRefs = (text: string): string[] => refsOf(text).map(refId);
