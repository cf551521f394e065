import type { ValidateFunction } from 'ajv'

/**
 * The snapshot schema's validator, compiled ahead of time by `npm run build` (esbuild.config.mjs,
 * ajv's standalone code), with the key of the schema it was compiled from (snapshotSchemaKey).
 */
declare const validate: ValidateFunction & { readonly schemaKey: string }
export = validate
