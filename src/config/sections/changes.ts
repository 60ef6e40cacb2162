import { z } from 'zod';

/** Change management: CCB boards, vote rules per change type, standard-change templates. */
export const changesSection = z.object({}).passthrough();
