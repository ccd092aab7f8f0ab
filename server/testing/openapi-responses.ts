/**
 * Checks an answer against the OpenAPI document: its status must be one the operation documents and its body
 * must match the schema documented for that status (ajv, JSON Schema 2020-12 as OpenAPI 3.1 uses). The server's
 * conformance test checks the real API with it, the Storybook smoke test checks the mocked one, so neither can
 * drift from the document.
 *
 * @example
 * const responses = new DocumentedResponses(await buildApiDocument());
 * const problem = responses.problem(responses.operationAt('POST', '/v1/tenants/montjoli/auth/sign-in')!, 200, body);
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';

type Json = Record<string, any>;
const DOC_ID = 'https://civique.test/openapi.json';
// ajv-formats is CommonJS: its default export arrives wrapped under tsx.
const addFormats = ((addFormatsModule as any).default ?? addFormatsModule) as (ajv: Ajv2020) => void;

export interface Operation {
  id: string;
  method: string;
  path: string;
  parameters: Json[];
  body?: Json;
  responses: Json;
}

export function operationsOf(doc: Json): Operation[] {
  return Object.entries(doc.paths as Json).flatMap(([path, methods]) =>
    Object.entries(methods as Json).map(([method, op]) => ({
      id: op.operationId,
      method: method.toUpperCase(),
      path,
      parameters: op.parameters ?? [],
      body: op.requestBody?.content?.['application/json']?.schema,
      responses: op.responses,
    })),
  );
}

/** `#/components/…` refs made absolute, so a schema compiled on its own still finds the document's components. */
export const absoluteRefs = (schema: unknown): any => JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', `"${DOC_ID}#/components/`));

export class DocumentedResponses {
  readonly operations: Operation[];
  readonly #ajv: Ajv2020;
  readonly #validators = new Map<string, ValidateFunction>();
  /** Literal paths first, so `/me/export` wins over a `/{slug}` beside it. */
  readonly #matchers: { op: Operation; pattern: RegExp }[];

  constructor(doc: Json) {
    this.operations = operationsOf(doc);
    this.#ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(this.#ajv);
    this.#ajv.addSchema({ $id: DOC_ID, components: absoluteRefs(doc.components) });
    const params = (path: string) => path.split('{').length - 1;
    this.#matchers = [...this.operations]
      .sort((a, b) => params(a.path) - params(b.path))
      .map((op) => ({
        op,
        pattern: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
      }));
  }

  /** The documented operation a request to `path` (no query) stands for. */
  operationAt(method: string, path: string): Operation | undefined {
    return this.#matchers.find(({ op, pattern }) => op.method === method.toUpperCase() && pattern.test(path))?.op;
  }

  /** What is wrong with this answer, in words, or undefined when the document allows it. */
  problem(op: Operation, status: number, body: unknown): string | undefined {
    const response = op.responses[String(status)] ?? op.responses.default;
    if (!response) return `${op.id}: ${status} is not documented (documented: ${Object.keys(op.responses)}) → ${JSON.stringify(body)?.slice(0, 300)}`;
    // A documented CSV answer (exports with format=csv) arrives as text: the document allows it.
    if (typeof body === 'string' && response.content?.['text/csv']) return undefined;
    const schema = response.content?.['application/json']?.schema;
    if (!schema) return body === undefined ? undefined : `${op.id}: ${status} documents no body, got ${JSON.stringify(body)?.slice(0, 200)}`;
    const key = `${op.id} ${status}`;
    if (!this.#validators.has(key)) this.#validators.set(key, this.#ajv.compile(absoluteRefs(schema)));
    const validate = this.#validators.get(key)!;
    if (validate(body)) return undefined;
    return `${op.id}: the ${status} body does not match its schema: ${this.#ajv.errorsText(validate.errors)}\n${JSON.stringify(body)?.slice(0, 400)}`;
  }
}
