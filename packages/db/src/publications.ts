// The publication generation of each province (see `publications` in the schema).
import { eq, sql } from 'drizzle-orm';
import { chainOf } from '@binh-dang/domain';
import { publications } from './schema.ts';
import type { Db } from './types.ts';

/** The statement that bumps the generation of the province of `unitPath`, for the publishing batch. */
export function bumpPublicationStatement(db: Db, unitPath: string, at: string) {
  return db
    .insert(publications)
    .values({ provinceId: chainOf(unitPath), generation: 1, publishedAt: at })
    .onConflictDoUpdate({ target: publications.provinceId, set: { generation: sql`${publications.generation} + 1`, publishedAt: at } });
}

/** The province's generation and last publication time (0 and null before the first). */
export async function publicationOf(db: Db, provinceId: string): Promise<{ generation: number; publishedAt: string | null }> {
  const [row] = await db.select().from(publications).where(eq(publications.provinceId, provinceId));
  return row ? { generation: row.generation, publishedAt: row.publishedAt } : { generation: 0, publishedAt: null };
}
