/**
 * GraphQL Code Generator: typed documents for every operation in src/, and the persisted-documents manifest.
 *
 * Two outputs. The staff console's (src/gql/) holds every staff operation as a document for
 * Apollo. The light pages (/desk and /m, src/desk, src/m, src/light) get their own
 * (src/light/gql/): only their operations, as plain strings, so neither carries the staff
 * console's documents nor needs a GraphQL printer to send one.
 */
const LIGHT = ['src/desk/**/*.{ts,tsx}', 'src/m/**/*.{ts,tsx}', 'src/light/**/*.{ts,tsx}'];
const config = {
  enumsAsTypes: true,
  useTypeImports: true,
  scalars: { DateTimeISO: 'string', Date: 'string', JSONObject: 'Record<string, unknown>' },
  skipTypename: true,
};

module.exports = {
  overwrite: true,
  schema: './scripts/api-schema.cjs',
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**/*', ...LIGHT.map((g) => `!${g}`)],
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' } },
      config,
    },
    './src/light/gql/': {
      documents: [...LIGHT, '!src/light/gql/**/*'],
      preset: 'client',
      // Sent by hash (light/graph.ts); the desk's documents are the partner manifest (gateway/trusted-documents/partner.json).
      presetConfig: { fragmentMasking: false, persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' } },
      config: { ...config, documentMode: 'string' },
    },
  },
};
