import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from '../env.ts';
import { fieldErrors, problem, problemResponse } from './problem.ts';

/** An OpenAPIHono whose validation failures answer 400 problem+json with field paths. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result, c) => {
      if (!result.success) {
        return problemResponse(
          c,
          problem('validation', {
            detail: 'Vui lòng kiểm tra các trường được nêu (Please check the listed fields).',
            errors: fieldErrors(result.target, result.error),
          }),
        );
      }
    },
  });
}
