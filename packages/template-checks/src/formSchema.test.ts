import fs from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import yaml from 'yaml';
import {
  MIG_PROFILES,
  serviceParametersSchema,
} from '@paved/plugin-paved-common';
import { TEMPLATES_DIR } from './TemplateDryRunner';

// The service template's form (JSON Schema in template.yaml) and the server's zod schema
// (paved-common's serviceParametersSchema, what paved:service:plan enforces) are written twice;
// this check fails when they drift apart: field names, types, enums, limits, and patterns
// (compared by what they accept). Defaults are the form's alone: the server fills in its own for
// parameters a caller leaves out.

type Schema = Record<string, any>;

/**
 * The form's fields, from every page and every branch of its dependencies, nested ones included.
 * A field that several branches define is compared with what they define together: the union of
 * their enums (the MIG profiles of each GPU product), the first definition of the rest (the MIG
 * profile's type and title, in the branch above the products').
 */
function formFields(template: Schema): Record<string, Schema> {
  const fields: Record<string, Schema> = {};
  const add = (schema: Schema, selector?: string) => {
    for (const [name, field] of Object.entries<Schema>(
      schema.properties ?? {},
    )) {
      // A branch's selector (`gpuMode: {const: count}`) is not a field definition.
      if (name === selector) continue;
      const known = fields[name];
      const enums = [...(known?.enum ?? []), ...(field.enum ?? [])];
      fields[name] = {
        ...field,
        ...known,
        ...(enums.length > 0 && { enum: [...new Set(enums)] }),
      };
    }
    for (const [key, dependency] of Object.entries<Schema>(
      schema.dependencies ?? {},
    )) {
      for (const branch of dependency.oneOf ?? []) add(branch, key);
    }
  };
  for (const page of template.spec.parameters) add(page);
  return fields;
}

/**
 * The server's fields as JSON Schema; an optional empty string (`'' | X`) becomes X. The server
 * checks migProfile with a refinement against MIG_PROFILES, which JSON Schema cannot show: it is
 * put in as the enum it amounts to.
 */
function serverFields(): Record<string, Schema> {
  const schema: Schema = z.toJSONSchema(serviceParametersSchema as any, {
    io: 'input',
    unrepresentable: 'any',
  });
  const fields: Record<string, Schema> = Object.fromEntries(
    Object.entries<Schema>(schema.properties).map(([name, field]) => {
      const variants = (field.anyOf ?? [field]).filter(
        (v: Schema) => v.const !== '',
      );
      return [name, variants.length === 1 ? variants[0] : field];
    }),
  );
  fields.migProfile = { ...fields.migProfile, enum: [...MIG_PROFILES] };
  return fields;
}

const KEYWORDS = [
  'type',
  'enum',
  'minimum',
  'maximum',
  'maxLength',
  'minItems',
];

function limits(field: Schema): Schema {
  const items = field.items ? { items: limits(field.items) } : {};
  const kept = Object.fromEntries(
    KEYWORDS.filter(k => field[k] !== undefined).map(k => [k, field[k]]),
  );
  // The order of an enum is the form's presentation; the set of values is the contract.
  if (kept.enum) kept.enum = [...kept.enum].sort();
  return { ...kept, ...items };
}

/** Strings the patterns are tried on: what each field accepts must be the same in both. */
const SAMPLES = [
  '',
  'orders-api',
  'Orders',
  '-orders',
  'orders-',
  'a',
  'group:default/team-a',
  'user:grace',
  'team-a',
  'system:default/shop',
  'ghcr.io/acme/orders-api',
  'registry.example.com:5000/ml/llm-serving',
  'ghcr.io/acme/orders-api:1.0',
  'orders.example.com',
  'localhost',
  'a.b',
  `${'a'.repeat(64)}.example.com`,
  'http_requests_per_second',
  'inference:queue',
  '1abc',
  '100',
  '500m',
  '1.5k',
  '2Gi',
  'eu-west-1',
  'us-gov-west-1',
  'eu-west',
  'orders-oncall',
  'Orders_Oncall',
];

describe('the service template form and the server schema', () => {
  let form: Record<string, Schema>;
  const server = serverFields();
  beforeAll(async () => {
    const template = yaml.parse(
      await fs.readFile(
        path.join(TEMPLATES_DIR, 'service', 'template.yaml'),
        'utf8',
      ),
    );
    form = formFields(template);
  });

  it('have the same fields', () => {
    expect(Object.keys(form).sort()).toEqual(Object.keys(server).sort());
  });

  it('agree on types, enums, limits and defaults', () => {
    const differences = Object.keys(server).flatMap(name => {
      const f = limits(form[name] ?? {});
      const s = limits(server[name]);
      return JSON.stringify(f) === JSON.stringify(s)
        ? []
        : [{ name, form: f, server: s }];
    });
    expect(differences).toEqual([]);
  });

  it('accept the same strings where both have a pattern', () => {
    const differences = Object.keys(server)
      .filter(name => form[name]?.pattern && server[name].pattern)
      .flatMap(name =>
        // Optional fields accept '' in both, through different means; the rest must agree.
        SAMPLES.filter(
          sample =>
            sample !== '' &&
            new RegExp(form[name].pattern, 'u').test(sample) !==
              new RegExp(server[name].pattern, 'u').test(sample),
        ).map(sample => ({ name, sample })),
      );
    expect(differences).toEqual([]);
  });
});
