/** GraphQL Code Generator: typed documents for every operation in src/, and the persisted-documents manifest. */
module.exports = {
  overwrite: true,
  schema: './scripts/api-schema.cjs',
  documents: ['src/**/*.tsx', 'src/**/*.ts', '!src/gql/**/*'],
  ignoreNoDocuments: false,
  generates: {
    './src/gql/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, persistedDocuments: { mode: 'embedHashInDocument', hashAlgorithm: 'sha256' } },
      config: {
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTimeISO: 'string', Date: 'string', JSONObject: 'Record<string, unknown>' },
        skipTypename: true,
      },
    },
  },
};
