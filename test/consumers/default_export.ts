// Uses every declaration of test/goldens/default_export.d.ts; each `@ts-expect-error` line must fail to type-check.
import Database from '../goldens/default_export.js';

export function use(): unknown[] {
  const db = new Database('main');
  db.put('a', '1');
  db.write(new Database.Batch().put('b', '2'));
  const value: string | undefined = db.get('a');
  const other: Database = Database.open('other');
  let error: Database.DatabaseError | undefined;
  try {
    db.close();
    db.get('a');
  } catch (e) {
    if (e instanceof Database.DatabaseError && e.code === 'DB_CLOSED') error = e;
  }
  // @ts-expect-error: everything but the default export is nested in it
  new Batch();
  // @ts-expect-error: a constant is read-only
  Database.VERSION = '3';
  // @ts-expect-error: the batch is a Database.Batch, not a plain object
  db.write({ entries: {} });
  const batch = new Database.Batch();
  batch.dispose();
  batch[Symbol.dispose]();
  db.dispose();
  db[Symbol.dispose]();
  return [value, other.name, error, Database.VERSION, Database.util.isDatabase(db)];
}
