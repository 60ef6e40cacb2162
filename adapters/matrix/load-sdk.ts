/**
 * Loads matrix-bot-sdk whether or not the native end-to-end encryption binding is installed.
 *
 * The SDK's MatrixClient requires `@matrix-org/matrix-sdk-crypto-nodejs` at load time, and that
 * package throws when its native binary is missing (its postinstall downloads the binary, which
 * fails without network). Without it we put an inert stand-in into Node's module cache first, so
 * the SDK loads, unencrypted rooms work and crypto is reported unavailable. The SDK only touches
 * the crypto module when a crypto store is given, which we never do without the binding.
 *
 * Node's own `require` is used (not the caller's), so this also works under jest's module registry.
 */
import Module, { createRequire } from 'node:module';
import type * as MatrixSdk from 'matrix-bot-sdk';

export type Sdk = typeof MatrixSdk;
/** The crypto binding's exports that opsdesk uses (only when it is really there). */
export interface CryptoBinding {
  StoreType: { Sqlite: number };
}

export interface LoadedSdk {
  sdk: Sdk;
  /** The native crypto binding, when it loaded. */
  crypto?: CryptoBinding;
  /** Why crypto is unavailable (for the one warning). */
  cryptoProblem?: string;
}

const CRYPTO_MODULE = '@matrix-org/matrix-sdk-crypto-nodejs';
const STUB_PATH = '/opsdesk/matrix-sdk-crypto-nodejs-unavailable.js';

let loaded: LoadedSdk | undefined;

export function loadMatrixSdk(): LoadedSdk {
  if (loaded) return loaded;
  const nodeRequire = createRequire(__filename);
  let crypto: CryptoBinding | undefined;
  let cryptoProblem: string | undefined;
  try {
    crypto = nodeRequire(CRYPTO_MODULE) as CryptoBinding;
  } catch (err) {
    cryptoProblem = firstLine(err);
    installStub(nodeRequire);
  }
  const sdk = nodeRequire('matrix-bot-sdk') as Sdk;
  loaded = { sdk, crypto, cryptoProblem };
  return loaded;
}

function installStub(nodeRequire: NodeJS.Require): void {
  const exports = Object.freeze({ opsdeskUnavailable: true });
  let path: string;
  try {
    path = nodeRequire.resolve(CRYPTO_MODULE);
  } catch {
    // The package is not installed at all: send the name to a path that exists only in the cache.
    path = STUB_PATH;
    const internal = Module as unknown as { _resolveFilename: (request: string, ...rest: unknown[]) => string };
    const resolve = internal._resolveFilename;
    internal._resolveFilename = (request: string, ...rest: unknown[]) =>
      request === CRYPTO_MODULE ? STUB_PATH : resolve.call(Module, request, ...rest);
  }
  const stub = new Module(path);
  stub.filename = path;
  stub.loaded = true;
  stub.exports = exports;
  nodeRequire.cache[path] = stub;
}

function firstLine(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  return text.split('\n')[0];
}
