import { z } from 'zod';

/** Calendar (school hours, holidays), daily digest schedule, SLA targets. */
export const digestSection = z.object({}).passthrough();
