// Types for the parts of http_ece 1.2.1 (ece.js) that the push service uses. The package ships none.
declare module 'http_ece' {
  import type { ECDH } from 'node:crypto';

  export interface EceParams {
    version?: 'aes128gcm' | 'aesgcm';
    /** Receiver key pair for Web Push decryption. */
    privateKey?: ECDH;
    /** 16-byte auth secret, as a Buffer or base64url string. */
    authSecret?: Buffer | string;
    /** Sender public key. Only the aesgcm version needs it, because aes128gcm reads it from the header. */
    dh?: Buffer | string;
    rs?: number;
  }

  const ece: {
    decrypt(buffer: Buffer, params: EceParams): Buffer;
    encrypt(buffer: Buffer, params: EceParams): Buffer;
  };
  export default ece;
}
