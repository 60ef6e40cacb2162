import type { CommandCatalog, CommandFamily } from '../../commands/command';

export function findFamily(catalog: CommandCatalog, name: string): CommandFamily | undefined {
  const n = name.toLowerCase();
  return catalog.families.find((f) => f.name === n || f.aliases?.includes(n));
}

export function familyNames(catalog: CommandCatalog): string[] {
  return catalog.families.flatMap((f) => [f.name, ...(f.aliases ?? [])]);
}
