import mongoose, { Schema, type Types } from 'mongoose';

export const SCRIPT_KINDS = ['install', 'backout', 'check'] as const;
export type ScriptKind = (typeof SCRIPT_KINDS)[number];

/** A package in the Definitive Software Library: scripts, the manifest naming their hashes, its signature. */
export interface PackageDoc {
  _id: Types.ObjectId;
  name: string;
  version: string;
  description?: string;
  /** The install and backout scripts may run again on a host where they already ran (the convention). */
  idempotent: boolean;
  /** Longest a script may run on one host; the SSH command timeout applies when smaller. */
  timeoutSeconds?: number;
  scripts: { install: string; backout: string; check?: string };
  /** The exact manifest text that is signed (canonical JSON; see manifest.ts). */
  manifest: string;
  /** Detached, armored OpenPGP signature over `manifest`. */
  signature?: string;
  /** Fingerprint of the key that made `signature` (as verified when it was attached). */
  signedBy?: string;
  addedAt: Date;
  signedAt?: Date;
}

const packageSchema = new Schema<PackageDoc>(
  {
    name: { type: String, required: true },
    version: { type: String, required: true },
    description: String,
    idempotent: { type: Boolean, required: true },
    timeoutSeconds: Number,
    scripts: {
      install: { type: String, required: true },
      backout: { type: String, required: true },
      check: String,
    },
    manifest: { type: String, required: true },
    signature: String,
    signedBy: String,
    addedAt: { type: Date, required: true },
    signedAt: Date,
  },
  { versionKey: false },
);
packageSchema.index({ name: 1, version: 1 }, { unique: true });

export const Package =
  (mongoose.models.Package as mongoose.Model<PackageDoc> | undefined) ??
  mongoose.model<PackageDoc>('Package', packageSchema, 'packages');
