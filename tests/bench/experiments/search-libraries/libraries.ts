/**
 * The three libraries search-libraries.ts compares (MiniSearch, FlexSearch in two tokenizer
 * settings, Orama), each configured with the shared analysis behind the same SearchIndex.
 */
import { readFileSync } from 'node:fs';
import MiniSearch from 'minisearch';
import { Document as FlexDocument } from 'flexsearch';
import * as orama from '@orama/orama';
import { DOC_COUNT, type MailDoc } from './mail-docs.ts';
import { FIELDS, type Library, type SearchIndex } from './queries.ts';
import { analyze } from '../../../../web/src/lib/search/text-analysis.ts';

function packageVersion(name: string): string {
  const url = new URL(`../../../../node_modules/${name}/package.json`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { version: string }).version;
}

const miniSearchOptions = {
  fields: ['from', 'to', 'subject', 'text'],
  idField: 'id',
  tokenize: (text: string) => analyze(text),
  processTerm: (term: string) => term,
};

function miniSearchIndex(ms: MiniSearch<MailDoc>): SearchIndex {
  return {
    add: (doc) => ms.add(doc),
    // discard needs only the id (remove would need the whole text back); the index is vacuumed later.
    remove: (doc) => ms.discard(doc.id),
    clause: (clause) => ms.search(clause.tokens.join(' '), { fields: [...FIELDS[clause.field]], prefix: clause.prefix, combineWith: 'AND' }).map((hit) => hit.id as number),
    serialize: async () => [JSON.stringify(ms)],
  };
}

export const miniSearch: Library = {
  name: 'MiniSearch',
  version: packageVersion('minisearch'),
  settings: 'fields from,to,subject,text; tokenize=analyze; discard() for removes',
  create: () => miniSearchIndex(new MiniSearch<MailDoc>(miniSearchOptions)),
  load: async ([json]) => miniSearchIndex(MiniSearch.loadJSON<MailDoc>(json!, miniSearchOptions)),
};

type FlexFields = 'from' | 'to' | 'subject' | 'all';
export interface FlexDoc {
  [key: string]: string | number;
  id: number;
  from: string;
  to: string;
  subject: string;
  all: string;
}

/**
 * FlexSearch intersects terms only inside one field, so `all` (from, to, subject and text) answers
 * unscoped clauses and the three small fields answer from:, to: and subject:.
 */
export function flexLibrary(tokenize: 'strict' | 'forward'): Library {
  const options = () =>
    ({
      document: {
        id: 'id',
        index: (['from', 'to', 'subject', 'all'] as const).map((field) => ({ field, tokenize, encode: analyze })),
      },
      // Export/import drops fastupdate (FlexSearch's serialize.js says "fast update isn't supported
      // by export/import", and importing into a fastupdate index throws), so a loaded index never
      // has it: build without it too, as the app would after its first reload.
      fastupdate: false,
    }) as const;
  const wrap = (index: FlexDocument<FlexDoc>): SearchIndex => ({
    add: (doc) => {
      index.add({ id: doc.id, from: doc.from, to: doc.to, subject: doc.subject, all: `${doc.from}\n${doc.to}\n${doc.subject}\n${doc.text}` });
    },
    remove: (doc) => {
      index.remove(doc.id);
    },
    clause: (clause) => {
      const field: FlexFields = clause.field === 'any' ? 'all' : clause.field;
      const results = index.search(clause.tokens.join(' '), { index: field, limit: DOC_COUNT });
      return (results[0]?.result ?? []) as number[];
    },
    serialize: async () => {
      const parts: string[] = [];
      await index.export((key: string, data: string) => {
        parts.push(key, data);
      });
      return parts;
    },
  });
  return {
    name: `FlexSearch (${tokenize})`,
    version: packageVersion('flexsearch'),
    settings: `Document, fields from,to,subject + all; tokenize=${tokenize}; encode=analyze; no fastupdate (lost on import)`,
    create: () => wrap(new FlexDocument<FlexDoc>(options())),
    load: async (parts) => {
      const index = new FlexDocument<FlexDoc>(options());
      for (let i = 0; i < parts.length; i += 2) index.import(parts[i]!, parts[i + 1]!);
      return wrap(index);
    },
  };
}

export const ORAMA_SCHEMA = { from: 'string', to: 'string', subject: 'string', text: 'string' } as const;

/**
 * Orama's radix lookup is prefix-only unless `exact`, and its `exact` adds a case-sensitive
 * regex check on the stored text (no accent folding, no CJK). So the index component is wrapped
 * to pass our own flag to the radix lookup. Orama's AND (threshold 0) needs every term in one
 * property; an unscoped clause is therefore one search per token, intersected.
 */
export function oramaLibrary(): Library {
  let exactLookup = true;
  const make = () => {
    const base = orama.components.index.createIndex();
    const index = { ...base, search: (...args: Parameters<typeof base.search>) => {
      args[5] = exactLookup;
      return base.search(...args);
    } };
    return orama.create({
      schema: ORAMA_SCHEMA,
      sort: { enabled: false },
      components: {
        index,
        // Unique tokens, as Orama's own tokenizer returns them (allowDuplicates: false): its insert
        // counts each token's frequency by scanning all the document's tokens, so duplicates
        // make adding a long message quadratic in its length.
        tokenizer: { language: 'english', normalizationCache: new Map(), tokenize: (raw: string) => [...new Set(analyze(raw))] },
      },
    });
  };
  type Db = ReturnType<typeof make>;
  const sync = <T>(value: T | Promise<T>): T => {
    if (value instanceof Promise) throw new Error('Orama went async');
    return value;
  };
  const searchIds = (db: Db, term: string, properties: Array<'from' | 'to' | 'subject' | 'text'>, prefix: boolean): number[] => {
    exactLookup = !prefix;
    const results = sync(orama.search(db, { term, properties, limit: DOC_COUNT, threshold: 0 }));
    return results.hits.map((hit) => Number(hit.id));
  };
  const wrap = (db: Db): SearchIndex => ({
    add: (doc) => {
      sync(orama.insert(db, { id: String(doc.id), from: doc.from, to: doc.to, subject: doc.subject, text: doc.text }));
    },
    remove: (doc) => {
      sync(orama.remove(db, String(doc.id)));
    },
    clause: (clause) => {
      const properties = [...FIELDS[clause.field]];
      if (properties.length === 1) return searchIds(db, clause.tokens.join(' '), properties, clause.prefix);
      let hits: Set<number> | null = null;
      for (const token of clause.tokens) {
        const ids: number[] = searchIds(db, token, properties, clause.prefix);
        hits = new Set(hits === null ? ids : ids.filter((id) => hits!.has(id)));
      }
      return hits ?? [];
    },
    serialize: async () => [JSON.stringify(orama.save(db))],
  });
  return {
    name: 'Orama',
    version: packageVersion('@orama/orama'),
    settings: 'fields from,to,subject,text; custom tokenizer=unique(analyze); sorter off; radix lookup exact unless prefix',
    create: () => wrap(make()),
    load: async ([json]) => {
      const db = make();
      orama.load(db, JSON.parse(json!) as orama.RawData);
      return wrap(db);
    },
  };
}
