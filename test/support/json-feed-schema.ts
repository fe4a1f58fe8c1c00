import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import schema from 'jsonfeed-schema/schema-v1.1.json';

// JSON Feed 1.1 as a JSON Schema (the npm package jsonfeed-schema, ISC), checked with ajv: the
// one place these libraries are touched. Formats on: a `uri` that is not one fails.
const ajv = new Ajv({ allErrors: true, strict: false });
addFormats(ajv);
const validate = ajv.compile(schema);

/** What a JSON Feed 1.1 validator says of `text`: [] when it is a valid feed. */
export function jsonFeedErrors(text: string): string[] {
  if (validate(JSON.parse(text))) return [];
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
