import mongoose, { Schema, type Types } from 'mongoose';

/** One managed machine: the configuration database's record of how to reach it and what it is. */
export interface HostDoc {
  _id: Types.ObjectId;
  /** Unique, lower case: `pc-nordby-12`. */
  name: string;
  address: string;
  port: number;
  /** Remote user; the config's `deploy.ssh.user` when absent. */
  user?: string;
  school?: string;
  role?: string;
  /** Network segment, e.g. `nordby-lan3`. */
  segment?: string;
  /** Free group names (`pilot`, `exam-room`). */
  groups: string[];
  /** Free attributes (`os: bookworm`, `room: "12"`). */
  attributes: Record<string, string>;
  /** Pinned host key fingerprint, `SHA256:…` as `ssh-keygen -lf` prints it. */
  hostKey?: string;
  importedAt: Date;
}

const hostSchema = new Schema<HostDoc>(
  {
    name: { type: String, required: true, unique: true },
    address: { type: String, required: true },
    port: { type: Number, required: true, default: 22 },
    user: String,
    school: String,
    role: String,
    segment: String,
    groups: { type: [String], default: [] },
    attributes: { type: Schema.Types.Mixed, default: {} },
    hostKey: String,
    importedAt: { type: Date, required: true },
  },
  { versionKey: false, minimize: false },
);

export const Host =
  (mongoose.models.Host as mongoose.Model<HostDoc> | undefined) ??
  mongoose.model<HostDoc>('Host', hostSchema, 'inventory_hosts');

/** Every name a host answers to in target selection and freezes: its groups, school, role, segment and `all`. */
export function memberships(h: Pick<HostDoc, 'groups' | 'school' | 'role' | 'segment'>): string[] {
  return ['all', ...h.groups, ...[h.school, h.role, h.segment].filter((x): x is string => !!x)];
}
