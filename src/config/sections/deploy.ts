import { z } from 'zod';

/** Deployments: inventory, packages, trusted release keys, SSH, chase policy, freezes. */
export const deploySection = z.object({}).passthrough();
