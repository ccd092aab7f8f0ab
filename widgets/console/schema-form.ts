import { html, nothing, type TemplateResult } from 'lit';
import { ifDefined } from 'lit/directives/if-defined.js';
import { live } from 'lit/directives/live.js';
import { checkboxField, describedBy, error, label, notes, textField } from '../core/fields.ts';

/** The part of JSON Schema (2020-12, as the server's OpenAPI 3.1 document writes it) the editor understands. */
export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  enum?: unknown[];
  anyOf?: JsonSchema[];
  default?: unknown;
  minimum?: number;
  maximum?: number;
  maxLength?: number;
}

export type JsonPath = (string | number)[];

export interface SchemaFormContext {
  /** The form's id prefix: a field's id is `<prefix>-<path joined by dashes>`. */
  prefix: string;
  /** Follows a `$ref` into the document's components. */
  resolve: (schema: JsonSchema) => JsonSchema;
  /** Messages by dotted path (`settings.options.0.label`), as the server's issues name them. */
  errors: Record<string, string>;
  change: (path: JsonPath, value: unknown) => void;
  /** A field's label, by property name. */
  labelOf: (name: string) => string;
  /** The label of an enumeration's value. */
  valueLabel: (value: string) => string;
  strings: {
    errorPrefix: string;
    add: (what: string) => string;
    remove: (what: string, n: number) => string;
    item: (what: string, n: number) => string;
    enabled: string;
    onePerLine: string;
    choose: string;
  };
}

export const fieldId = (prefix: string, path: JsonPath) => `${prefix}-${path.join('-')}`;
const dotted = (path: JsonPath) => path.join('.');
const types = (schema: JsonSchema) => (Array.isArray(schema.type) ? schema.type : schema.type ? [schema.type] : []);

/**
 * `root` with the value at `path` replaced (`undefined` removes it), copying only what is on the way.
 *
 * @example
 * setIn({ options: [{ id: 'a' }] }, ['options', 0, 'label'], 'A'); // { options: [{ id: 'a', label: 'A' }] }
 */
export function setIn(root: unknown, path: JsonPath, value: unknown): unknown {
  if (path.length === 0) return value;
  const [key, ...rest] = path;
  if (typeof key === 'number') {
    const list = Array.isArray(root) ? [...root] : [];
    list[key] = setIn(list[key], rest, value);
    return list;
  }
  const object = { ...(root && typeof root === 'object' && !Array.isArray(root) ? (root as Record<string, unknown>) : {}) };
  const next = setIn(object[key], rest, value);
  // An optional group emptied field by field is left out, not sent as `{}` for the server to refuse.
  const emptied = rest.length > 0 && next !== null && typeof next === 'object' && !Array.isArray(next) && Object.keys(next).length === 0;
  if (next === undefined || emptied) delete object[key];
  else object[key] = next;
  return object;
}

/** A new item of an array: its required properties, empty, so the fields to fill are there. */
function emptyValue(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  const t = types(schema);
  if (t.includes('object')) return {};
  if (t.includes('array')) return [];
  return undefined;
}

/**
 * An editor generated from a JSON schema: an object is a group of fields, an array of objects a list of groups
 * with add and remove buttons, an array of strings a text area with one entry per line, an enumeration a
 * select, a nullable object a group behind an "enabled" checkbox. Labels come from the caller (translated by
 * property name); the server's validation of the same schema names what is wrong, by path, beside the field.
 *
 * @example
 * renderSchema(ctx, resolve({ $ref: '#/components/schemas/VoteSettings' }), values.settings, ['settings'], 'Paramètres', true)
 */
export function renderSchema(ctx: SchemaFormContext, raw: JsonSchema, value: unknown, path: JsonPath, title: string, required: boolean): TemplateResult {
  const schema = ctx.resolve(raw);
  const id = fieldId(ctx.prefix, path);
  const problem = ctx.errors[dotted(path)];
  const t = types(schema);

  if (t.includes('object') && schema.properties) {
    const nullable = t.includes('null');
    // A nullable group (a cap that can be switched off) or an optional one (a question's condition) is behind a checkbox.
    const optional = nullable || !required;
    const enabled = !optional || (value !== null && value !== undefined);
    const object = (value ?? {}) as Record<string, unknown>;
    return html`<fieldset class="group" id=${id} tabindex="-1">
      <legend>${title}</legend>
      ${problem ? error({ id, name: id, label: title, error: problem }, ctx.strings.errorPrefix) : nothing}
      ${
        optional
          ? checkboxField({
              id: `${id}-enabled`,
              name: `${id}-enabled`,
              label: ctx.strings.enabled,
              checked: enabled,
              onChange: (on) => ctx.change(path, on ? (emptyValue({ ...schema, type: 'object' }) ?? {}) : nullable ? null : undefined),
            })
          : nothing
      }
      ${
        enabled
          ? Object.entries(schema.properties).map(([name, property]) =>
              renderSchema(ctx, property, object[name], [...path, name], ctx.labelOf(name), schema.required?.includes(name) ?? false),
            )
          : nothing
      }
    </fieldset>`;
  }

  if (t.includes('array') && schema.items) {
    const items = ctx.resolve(schema.items);
    const list = Array.isArray(value) ? value : [];
    if (types(items).includes('string') && !items.enum) {
      // A list of sentences (purposes, recipients): one per line reads better than a button per entry.
      const o = { id, name: id, label: title, hint: ctx.strings.onePerLine, error: problem ?? firstNested(ctx, path), required };
      return html`<div class="field ${o.error ? 'invalid' : ''}">
        ${label(o)} ${notes(o)}
        <textarea
          id=${id}
          rows="3"
          .value=${live(list.join('\n'))}
          aria-invalid=${o.error ? 'true' : 'false'}
          aria-describedby=${ifDefined(describedBy(o))}
          @input=${(e: Event) => {
            const lines = (e.target as HTMLTextAreaElement).value.split('\n');
            ctx.change(path, lines.some((l) => l.trim()) ? lines : undefined);
          }}
        ></textarea>
        ${error(o, ctx.strings.errorPrefix)}
      </div>`;
    }
    return html`<fieldset class="group list" id=${id} tabindex="-1">
      <legend>${title}</legend>
      ${problem ? error({ id, name: id, label: title, error: problem }, ctx.strings.errorPrefix) : nothing}
      ${list.map(
        (item, index) =>
          html`<div class="item">
            ${renderSchema(ctx, items, item, [...path, index], ctx.strings.item(title, index + 1), true)}
            <button
              type="button"
              class="secondary"
              @click=${() =>
                ctx.change(
                  path,
                  list.filter((_, i) => i !== index),
                )}
            >
              ${ctx.strings.remove(title, index + 1)}
            </button>
          </div>`,
      )}
      <button type="button" class="secondary add" @click=${() => ctx.change(path, [...list, emptyValue(items)])}>${ctx.strings.add(title)}</button>
    </fieldset>`;
  }

  if (t.includes('boolean')) {
    return html`${checkboxField({ id, name: id, label: title, checked: value === true, onChange: (on) => ctx.change(path, on) })}
    ${problem ? error({ id, name: id, label: title, error: problem }, ctx.strings.errorPrefix) : nothing}`;
  }

  if (schema.enum) {
    const o = { id, name: id, label: title, error: problem, required };
    return html`<div class="field ${problem ? 'invalid' : ''}">
      ${label(o)}
      <select
        id=${id}
        aria-invalid=${problem ? 'true' : 'false'}
        aria-describedby=${ifDefined(describedBy(o))}
        @change=${(e: Event) => ctx.change(path, (e.target as HTMLSelectElement).value || undefined)}
      >
        <option value="" ?selected=${value === undefined}>${ctx.strings.choose}</option>
        ${schema.enum.map((v) => html`<option value=${String(v)} ?selected=${v === value}>${ctx.valueLabel(String(v))}</option>`)}
      </select>
      ${error(o, ctx.strings.errorPrefix)}
    </div>`;
  }

  const numeric = t.includes('integer') || t.includes('number');
  const either = schema.anyOf?.map((s) => types(ctx.resolve(s))).flat() ?? [];
  return textField(
    {
      id,
      name: id,
      label: title,
      required,
      error: problem,
      type: numeric ? 'number' : 'text',
      inputmode: numeric ? (t.includes('integer') ? 'numeric' : 'text') : undefined,
      maxlength: schema.maxLength,
      value: value === undefined || value === null ? '' : String(value),
      onInput: (text) => {
        const trimmed = text.trim();
        if (trimmed === '') return ctx.change(path, undefined);
        // A number field, or a value that may be either (a condition's expected answer): a number when it reads as one.
        const asNumber = Number(trimmed);
        ctx.change(path, (numeric || either.includes('number')) && Number.isFinite(asNumber) ? asNumber : text);
      },
    },
    ctx.strings.errorPrefix,
  );
}

/** An array of strings shows the first message about one of its entries (`purposes.2`) on the whole area. */
function firstNested(ctx: SchemaFormContext, path: JsonPath): string | undefined {
  const prefix = `${dotted(path)}.`;
  return Object.entries(ctx.errors).find(([key]) => key.startsWith(prefix))?.[1];
}
