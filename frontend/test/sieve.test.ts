// The 필터/부재중 stores with the real API client over a fake server (issue 31): a 404
// sieve_unavailable hides the pages, a 502 does not; a refused save names the field; another
// program's script shows up on a 409; a saved reply is the banner's; /s/filters is a URL of its own.
import assert from "node:assert/strict";
import { test } from "node:test";
import type { FetchLike } from "../src/api/mailApi";
import { MemoryLocation } from "../src/lib/browserLocation";
import { sieveStoreFor } from "../src/store/sieveStore";
import { makeStores, MemoryStorage, routedFetch } from "./storeHarness";

type Answer = { status: number; body: unknown };

function withSieve(answers: Record<string, Answer>) {
  const routed = routedFetch();
  const fetch: FetchLike = async (url, init) => {
    const answer = answers[`${init?.method ?? "GET"} ${url}`];
    if (answer) routed.calls.push(`${init?.method ?? "GET"} ${url}`);
    if (answer) return new Response(JSON.stringify(answer.body), { status: answer.status });
    return routed.fetch(url, init);
  };
  return makeStores(new MemoryStorage(), { ...routed, fetch }, undefined, undefined, undefined, new MemoryLocation("/s/"));
}

const vacationOn = { enabled: true, start: null, end: "2099-12-31", subject: "부재중", body: "휴가", days: 1, editable: true };
const rule = { name: "견적", enabled: true, match: "all", conditions: [{ field: "subject", op: "contains", value: "견적" }], actions: [{ type: "move", folder: "견적" }] };

test("no Sieve on the server (404 sieve_unavailable) hides the pages; a Sieve server down (502) does not", async () => {
  const off = withSieve({ "GET /api/settings/vacation": { status: 404, body: { code: "sieve_unavailable", detail: "x" } } }).app;
  await off.vacation.load();
  assert.equal(off.vacation.state.available, false);
  const down = withSieve({ "GET /api/settings/vacation": { status: 502, body: { code: "sieve_server_unavailable", detail: "x" } } }).app;
  await down.vacation.load();
  assert.equal(down.vacation.state.available, true);
  await sieveStoreFor(down).loadVacation();
  assert.equal(sieveStoreFor(down).state.vacationLoad, "server_down");
});

test("a refused save names the rule and its field; the list stays as the server has it", async () => {
  const { app, routed } = withSieve({
    "GET /api/settings/filters": { status: 200, body: { filters: [], editable: true } },
    "PUT /api/settings/filters": { status: 400, body: { code: "invalid_sieve_rules", detail: "filters[0].conditions[0].value: 값을 적어 주세요" } },
  });
  const store = sieveStoreFor(app);
  await store.loadFilters();
  assert.equal(await store.saveFilters([{ ...rule, match: "all", conditions: [], actions: [] } as never]), false);
  assert.deepEqual(store.state.problem, { rule: 0, path: "conditions[0].value", reason: "값을 적어 주세요" });
  assert.deepEqual(store.state.filters, []);
  assert.ok(routed.calls.includes("PUT /api/settings/filters"));
});

test("another program's script: shown on load, and after a 409 on save; 교체 sends replace_foreign", async () => {
  const foreign = { name: "roundcube", script: "keep;" };
  const answers: Record<string, Answer> = {
    "GET /api/settings/filters": { status: 200, body: { filters: [], editable: false, foreign } },
    "PUT /api/settings/filters": { status: 409, body: { code: "sieve_script_foreign", detail: "x" } },
  };
  const bodies: unknown[] = [];
  const { app } = withSieve(answers);
  const store = sieveStoreFor(app);
  await store.loadFilters();
  assert.deepEqual(store.state.foreign, foreign);
  assert.equal(await store.saveFilters([]), false);
  assert.deepEqual(store.state.foreign, foreign);
  answers["PUT /api/settings/filters"] = { status: 200, body: { filters: [rule], editable: true } };
  const realFetch = (app.api as unknown as { fetchImpl: FetchLike }).fetchImpl;
  (app.api as unknown as { fetchImpl: FetchLike }).fetchImpl = async (url, init) => {
    if (init?.method === "PUT") bodies.push(JSON.parse(String(init.body)));
    return realFetch(url, init);
  };
  assert.equal(await store.saveFilters([rule as never], true), true);
  assert.deepEqual(bodies, [{ filters: [rule], replace_foreign: true }]);
  assert.equal(store.state.foreign, null);
});

test("a saved reply is the banner's at once, without another read", async () => {
  const { app, routed } = withSieve({ "PUT /api/settings/vacation": { status: 200, body: vacationOn } });
  assert.equal(await sieveStoreFor(app).saveVacation({ ...vacationOn }), true);
  assert.equal(app.vacation.state.vacation?.enabled, true);
  assert.equal(app.vacation.state.vacation?.end, "2099-12-31");
  assert.equal(routed.calls.filter((c) => c === "GET /api/settings/vacation").length, 0);
});

test("the settings page's parts have their own URL", () => {
  const location = new MemoryLocation("/m/INBOX");
  const { app } = makeStores(new MemoryStorage(), routedFetch(), undefined, undefined, undefined, location);
  app.settings.openPage("filters");
  assert.equal(location.current(), "/s/filters");
  assert.equal(app.settings.state.section, "filters");
  app.settings.openPage();
  assert.equal(location.current(), "/s/");
  assert.equal(app.settings.state.section, "");
});

test("the raw editor: a refused script keeps the compiler's messages and the line they name; 되돌리기 writes the pages' rules over it", async () => {
  const detail = "스크립트 오류: zioinfo-mail: line 3: error: unknown command 'fileint'.\nzioinfo-mail: error: validation failed.";
  const { app, routed } = withSieve({
    "GET /api/settings/sieve/raw": { status: 200, body: { name: "zioinfo-mail", script: "# edited\r\nkeep;\r\n", ours: false } },
    "PUT /api/settings/sieve/raw": { status: 400, body: { code: "sieve_script_invalid", detail } },
    "GET /api/settings/filters": { status: 200, body: { filters: [rule], editable: false, foreign: { name: "zioinfo-mail", script: "# edited" } } },
    "PUT /api/settings/filters": { status: 200, body: { filters: [rule], editable: true } },
  });
  const store = sieveStoreFor(app);
  await store.loadRaw();
  await store.loadFilters();
  assert.equal(store.state.raw.ours, false);
  assert.equal(await store.saveRaw("keep;\r\nif true {\r\nfileint \"x\";\r\n"), false);
  assert.deepEqual(store.state.rawProblem, { line: 3, message: detail.replace("스크립트 오류: ", "") });
  assert.equal(await store.restoreRules(), true);
  assert.equal(store.state.rawProblem, null);
  assert.equal(store.state.foreign, null);
  assert.ok(routed.calls.includes("PUT /api/settings/filters"));
});

test("되돌리기 writes nothing before the rules are loaded, nor after their load failed (an empty list would replace them)", async () => {
  const raw = { status: 200, body: { name: "zioinfo-mail", script: "keep;\r\n", ours: false } };
  const early = withSieve({ "GET /api/settings/sieve/raw": raw, "PUT /api/settings/filters": { status: 200, body: { filters: [], editable: true } } });
  const store = sieveStoreFor(early.app);
  await store.loadRaw();
  assert.equal(store.state.filtersLoad, "loading");
  assert.equal(await store.restoreRules(), false);
  assert.ok(!early.routed.calls.includes("PUT /api/settings/filters"));

  const failed = withSieve({
    "GET /api/settings/sieve/raw": raw,
    "GET /api/settings/filters": { status: 502, body: { code: "sieve_server_unavailable", detail: "x" } },
    "PUT /api/settings/filters": { status: 200, body: { filters: [], editable: true } },
  });
  const down = sieveStoreFor(failed.app);
  await down.loadFilters();
  assert.equal(down.state.filtersLoad, "server_down");
  assert.equal(await down.restoreRules(), false);
  assert.ok(!failed.routed.calls.includes("PUT /api/settings/filters"));
});
