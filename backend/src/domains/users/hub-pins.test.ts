import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { describe, expect, it, onTestFinished } from 'vitest';
import { freshPostgresUrl, setupBody } from '../../../test/helpers.js';
import { exited, type Running, spawnHub } from '../../../test/processes.js';

describe('a hub of two processes on one Postgres', () => {
  it('starts both at once, and a staff PIN set through one process is recognised by the other', async () => {
    const databaseUrl = await freshPostgresUrl();
    const pinKey = 'pin-key-shared-by-every-hub-process-0123456789';
    const running: Running[] = [];
    onTestFinished(async () => {
      for (const hub of running) {
        hub.child.kill('SIGTERM');
        await exited(hub.child);
      }
    });
    // Two processes starting together on a new database (each with its own data dir, as in
    // two containers): both finish migrating and setting up.
    const dirs = [0, 1].map(() => mkdtempSync(path.join(os.tmpdir(), 'mostrador-hub-pins-')));
    onTestFinished(() => {
      for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
    });
    running.push(
      ...(await Promise.all(dirs.map((dir) => spawnHub(databaseUrl, dir, { MOSTRADOR_PIN_KEY: pinKey })))),
    );
    const [one, two] = running as [Running, Running];

    const owner = setupBody();
    const first = request.agent(one.url);
    await first.post('/api/setup').send(owner).expect(201);
    await first.put('/api/me/pin').send({ pin: '4321', currentPassword: owner.owner.password }).expect(204);

    const second = request.agent(two.url);
    await second
      .post('/api/auth/login')
      .send({ email: owner.owner.email, password: owner.owner.password })
      .expect(200);
    await second.post('/api/session/pin').send({ pin: '4321' }).expect(200);
    expect((await second.post('/api/session/pin').send({ pin: '9999' })).body.code).toBe('pin-invalid');
  }, 120_000);
});
