/**
 * bench:workshop's server process: a migrated database (in-memory PGlite, or a PostgreSQL URL),
 * one dialogue with `--followers` participants (a session each) and a facilitator, a workshop with
 * an agenda, and the real collaboration server on an HTTP port. The parent drives it over IPC:
 * `focus` runs the facilitator's navigation through setFocus (what the server action calls), and
 * `reference` writes one frame of the given size to every socket of a plain `ws` server (the
 * reference: a raw broadcast of the same bytes). It answers `rss` with its resident memory.
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { openDatabase, setDatabaseHandle, type DatabaseHandle } from "../../db/client";
import { migrateDatabase } from "../../db/migrate";
import { dialogueMembers, dialogueOrganisations, dialogues, drivers, organisations, sessions, users, workshopAgendaItems, workshops } from "../../db/schema";
import { CollabServer } from "../../lib/server/collab/collab-server";
import { registerCollabHost } from "../../lib/server/collab/host";
import { changeSessionStatus, setFocus } from "../../lib/server/services/workshop-session";
import { BENCH_ORIGIN, COOKIE, type ChildMessage, type ParentMessage } from "./messages";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function seed(handle: DatabaseHandle, followers: number) {
  const { db } = handle;
  const token = () => randomBytes(32).toString("hex");
  const [facilitator] = await db.insert(users).values({ name: "Facilitator", email: `facilitator-${token()}@bench.invalid` }).returning();
  const orgs = await db
    .insert(organisations)
    .values(Array.from({ length: 10 }, (_, index) => ({ name: `Bench organisation ${index} ${token().slice(0, 6)}`, type: "region" as const })))
    .returning();
  const [dialogue] = await db.insert(dialogues).values({ planningQuestion: "Benchmark", horizonFrom: 2025, horizonTo: 2035, createdBy: facilitator!.id }).returning();
  await db.insert(dialogueOrganisations).values(orgs.map((org) => ({ dialogueId: dialogue!.id, organisationId: org.id })));
  await db.insert(dialogueMembers).values({ dialogueId: dialogue!.id, userId: facilitator!.id, organisationId: orgs[0]!.id, role: "facilitator" });
  const people = await db
    .insert(users)
    .values(Array.from({ length: followers }, (_, index) => ({ name: `Participant ${index}`, email: `participant-${index}-${token()}@bench.invalid` })))
    .returning();
  await db.insert(dialogueMembers).values(people.map((person, index) => ({ dialogueId: dialogue!.id, userId: person.id, organisationId: orgs[index % orgs.length]!.id, role: "participant" as const })));
  const expires = new Date(Date.now() + 12 * 3_600_000);
  const tokens = people.map(() => token());
  await db.insert(sessions).values(people.map((person, index) => ({ sessionToken: tokens[index]!, userId: person.id, expires })));
  const driverRows = await db
    .insert(drivers)
    .values(Array.from({ length: 8 }, (_, index) => ({ dialogueId: dialogue!.id, title: `Drivkraft ${index + 1}`, whoClass: "within" as const, position: index })))
    .returning();
  const [workshop] = await db.insert(workshops).values({ dialogueId: dialogue!.id, title: "Bench workshop", createdBy: facilitator!.id }).returning();
  await db.insert(workshopAgendaItems).values(driverRows.map((driver, position) => ({ workshopId: workshop!.id, driverId: driver.id, position, timeboxMinutes: 15 })));
  return { facilitatorId: facilitator!.id, dialogueId: dialogue!.id, workshopId: workshop!.id, driverIds: driverRows.map((driver) => driver.id), cookies: tokens.map((value) => `${COOKIE}=${value}`) };
}

async function main() {
  const followers = Number(option("--followers") ?? 150);
  const url = option("--url");
  const handle = openDatabase(url ? { kind: "postgres", url, maxConnections: 10 } : { kind: "pglite" });
  await migrateDatabase(handle);
  setDatabaseHandle(handle);
  const world = await seed(handle, followers);
  const actor = { userId: world.facilitatorId };
  await changeSessionStatus(actor, { dialogueId: world.dialogueId, workshopId: world.workshopId, command: "start" });

  const collab = new CollabServer({
    db: () => handle.db,
    allowedOrigins: [BENCH_ORIGIN],
    sessionCookieName: COOKIE,
    sessionLimits: { idleMinutes: 60, maxHours: 12 },
    log: () => undefined,
    upgradesPerMinute: 10_000,
  });
  registerCollabHost(collab);
  const server = http.createServer((_request, response) => response.writeHead(404).end());
  server.on("upgrade", (request, socket, head) => {
    if (!collab.handleUpgrade(request, socket, head)) socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));

  // The reference: a plain ws server that writes the same bytes to every socket.
  const reference = new WebSocketServer({ port: 0, host: "127.0.0.1", perMessageDeflate: false });
  const referenceSockets = new Set<WebSocket>();
  reference.on("connection", (socket) => {
    referenceSockets.add(socket);
    socket.on("close", () => referenceSockets.delete(socket));
  });
  await new Promise<void>((resolve) => reference.once("listening", () => resolve()));

  const send = (message: ChildMessage) => process.send!(message);
  process.on("message", (message: ParentMessage) => {
    switch (message.type) {
      case "focus":
        setFocus(actor, { dialogueId: world.dialogueId, workshopId: world.workshopId, driverId: message.driverId, part: message.part }).then(
          () => send({ type: "done", id: message.id }),
          (error: unknown) => send({ type: "done", id: message.id, error: String(error) }),
        );
        break;
      case "reference": {
        const payload = Buffer.alloc(message.bytes, 0x20);
        payload.writeUInt32BE(message.id, 0);
        for (const socket of referenceSockets) socket.send(payload);
        send({ type: "done", id: message.id });
        break;
      }
      case "rss":
        send({ type: "rss", rssMb: process.memoryUsage().rss / 1024 / 1024 });
        break;
      case "stop":
        void collab.close().then(async () => {
          reference.close();
          server.closeAllConnections();
          server.close();
          await handle.close();
          process.exit(0);
        });
        break;
    }
  });
  send({
    type: "ready",
    port: (server.address() as AddressInfo).port,
    referencePort: (reference.address() as AddressInfo).port,
    workshopId: world.workshopId,
    driverIds: world.driverIds,
    cookies: world.cookies,
  });
}

await main();
