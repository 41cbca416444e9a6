// The schema the console is typed against: the API view of the committed supergraph
// (gateway/supergraph.graphql), i.e. what a client of the gateway can actually ask,
// without the join directives and @inaccessible fields.
const fs = require('node:fs');
const path = require('node:path');
const { Supergraph } = require('@apollo/federation-internals');
const { printSchema } = require('graphql');

const sdl = fs.readFileSync(path.resolve(__dirname, '..', '..', 'gateway', 'supergraph.graphql'), 'utf8');
module.exports = printSchema(Supergraph.build(sdl).apiSchema().toGraphQLJSSchema());
