import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useTestApp } from '../helpers/test-app.js';

/**
 * The OpenAPI document, byte for byte: moving code between folders must not change what the API
 * says of itself. The document is 1.1 MB, so its SHA-256 is kept here rather than a copy; a change
 * to the API changes the hash too, on purpose, in the same commit (the failure writes the new
 * document where it says, to compare with the previous commit's).
 */
const DOCUMENT_SHA256 = '34f1b899026f64eb94cc86bd3fa217413874761caf8b0019be0a0c074f7b2e51';

const t = useTestApp();

describe('the OpenAPI document', () => {
  it('is byte for byte the one this hash names', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const hash = crypto.createHash('sha256').update(res.rawPayload).digest('hex');
    if (hash !== DOCUMENT_SHA256) {
      const file = path.join(os.tmpdir(), `openapi-${hash.slice(0, 12)}.json`);
      fs.writeFileSync(file, res.rawPayload);
      expect.fail(`/openapi.json changed (sha256 ${hash}, written to ${file}). If the API was meant to change, put the new hash in this test.`);
    }
  });
});
