// Node peer for serving-image/bench/run.sh (a benchmark, not a product): a minimal Open Inference Protocol REST
// server over onnxruntime-node, so the serving image's figures have a peer measured in the same run.
//
//   node server.js --model PATH [--port 18482] [--host 127.0.0.1] [--workers N] [--model-name iris] [--model-version 1]
//
// The primary forks N workers with `cluster` (default: one per core, os.availableParallelism()); each worker holds
// one InferenceSession (intra-op and inter-op threads 1, sequential execution) and serves, with Node's `http` module:
//   GET  /v2/health/ready                    200 once the worker's session is loaded (workers listen only then)
//   POST /v2/models/{model-name}/infer        {"inputs":[{"name","shape","datatype":"FP32","data":[...]}]} (data flat
//        or nested, row-major) -> {"model_name","model_version","id"?,"outputs":[{"name","datatype","shape","data"}]}
//        with every model output (for iris: label INT64 [N], probabilities FP32 [N,3]), as the serving image answers.
// Bad input answers 400 with {"error": message}; an unknown path 404. No batching, no metrics, no requested-output
// selection: the peer stands for a hand-rolled server with one worker per core. When every worker listens, the primary
// prints one line "ready: N workers listening on HOST:PORT, pids PRIMARY WORKER..." (run.sh sums their CPU time).
// SIGTERM/SIGINT on the primary stops the workers, then the primary; a worker whose primary dies exits (cluster
// closes its IPC channel).
'use strict';

const cluster = require('node:cluster');
const http = require('node:http');
const os = require('node:os');

function parseArgs(argv) {
  const options = { port: 18482, host: '127.0.0.1', workers: os.availableParallelism(), modelName: 'iris', modelVersion: '1', model: '' };
  const names = { '--port': 'port', '--host': 'host', '--workers': 'workers', '--model-name': 'modelName', '--model-version': 'modelVersion', '--model': 'model' };
  for (let i = 0; i < argv.length; i += 2) {
    const key = names[argv[i]];
    if (!key || i + 1 >= argv.length) {
      throw new Error(`unknown or incomplete option '${argv[i]}' (options: ${Object.keys(names).join(', ')})`);
    }
    options[key] = argv[i + 1];
  }
  options.port = Number(options.port);
  options.workers = Number(options.workers);
  if (!options.model) throw new Error('--model PATH is required');
  if (!Number.isInteger(options.port) || options.port < 1 || options.port > 65535) throw new Error('--port must be 1..65535');
  if (!Number.isInteger(options.workers) || options.workers < 1) throw new Error('--workers must be a positive integer');
  return options;
}

let options;
try {
  options = parseArgs(process.argv.slice(2));
} catch (e) {
  console.error(`node peer: ${e.message}`);
  process.exit(2);
}

if (cluster.isPrimary) {
  runPrimary();
} else {
  runWorker().catch((e) => {
    console.error(`node peer worker ${process.pid}: ${e.message}`);
    process.exit(1);
  });
}

function runPrimary() {
  let stopping = false;
  for (let i = 0; i < options.workers; i++) cluster.fork();
  let listening = 0;
  cluster.on('listening', () => {
    if (++listening === options.workers) {
      const pids = Object.values(cluster.workers).map((w) => w.process.pid);
      console.log(`ready: ${options.workers} workers listening on ${options.host}:${options.port}, pids ${process.pid} ${pids.join(' ')}`);
    }
  });
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) {
      console.error(`node peer: worker ${worker.process.pid} exited (${signal || code}); stopping`);
      stop(1);
    } else if (Object.keys(cluster.workers).length === 0) {
      process.exit(0);
    }
  });
  const stop = (code) => {
    if (stopping) return;
    stopping = true;
    process.exitCode = code;
    for (const worker of Object.values(cluster.workers)) worker.process.kill('SIGTERM');
    if (Object.keys(cluster.workers).length === 0) process.exit(code);
    setTimeout(() => process.exit(code), 2000).unref();
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
}

async function runWorker() {
  // Loaded only in workers: the primary only forks and supervises.
  const ort = require('onnxruntime-node');
  const session = await ort.InferenceSession.create(options.model, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'all',
  });
  const inputs = new Map(session.inputNames.map((name) => [name, session.inputMetadata.find((m) => m.name === name)]));
  const inferPath = `/v2/models/${options.modelName}/infer`;
  const head = `{"model_name":${JSON.stringify(options.modelName)},"model_version":${JSON.stringify(options.modelVersion)}`;
  const datatypes = { float32: 'FP32', float64: 'FP64', int64: 'INT64', int32: 'INT32', bool: 'BOOL', uint8: 'UINT8', int8: 'INT8' };

  const send = (res, status, body) => {
    res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) });
    res.end(body);
  };
  const fail = (res, status, message) => send(res, status, JSON.stringify({ error: message }));

  // The request's feeds, or throws an Error whose message is the 400 answer.
  const feedsOf = (request) => {
    if (request === null || typeof request !== 'object' || !Array.isArray(request.inputs)) {
      throw new Error("the body must be an object with an 'inputs' array");
    }
    const feeds = {};
    for (const input of request.inputs) {
      const meta = input && inputs.get(input.name);
      if (!meta) throw new Error(`unknown input '${input && input.name}' (the model takes: ${[...inputs.keys()].join(', ')})`);
      if (input.datatype !== 'FP32' || meta.type !== 'float32') throw new Error(`input '${input.name}': datatype must be FP32`);
      const shape = input.shape;
      if (!Array.isArray(shape) || shape.length !== meta.shape.length || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
        throw new Error(`input '${input.name}': shape must be ${meta.shape.length} non-negative integers`);
      }
      meta.shape.forEach((d, i) => {
        if (typeof d === 'number' && d !== shape[i]) throw new Error(`input '${input.name}': dimension ${i} must be ${d}`);
      });
      const data = Array.isArray(input.data) ? input.data.flat(Infinity) : null;
      const count = shape.reduce((a, b) => a * b, 1);
      if (!data || data.length !== count || !data.every((v) => typeof v === 'number')) {
        throw new Error(`input '${input.name}': data must hold ${count} numbers for shape [${shape}]`);
      }
      feeds[input.name] = new ort.Tensor('float32', Float32Array.from(data), shape);
    }
    for (const name of inputs.keys()) if (!(name in feeds)) throw new Error(`missing input '${name}'`);
    return feeds;
  };

  const render = (request, results) => {
    const outputs = session.outputNames.map((name) => {
      const t = results[name];
      const data = t.type === 'int64' || t.type === 'uint64' ? Array.from(t.data, Number) : Array.from(t.data);
      return `{"name":${JSON.stringify(name)},"datatype":"${datatypes[t.type] || t.type.toUpperCase()}","shape":[${t.dims}],"data":${JSON.stringify(data)}}`;
    });
    const id = typeof request.id === 'string' ? `,"id":${JSON.stringify(request.id)}` : '';
    return `${head}${id},"outputs":[${outputs.join(',')}]}`;
  };

  const infer = async (res, body) => {
    let request;
    let feeds;
    try {
      request = JSON.parse(body);
      feeds = feedsOf(request);
    } catch (e) {
      return fail(res, 400, e instanceof SyntaxError ? `the body is not JSON: ${e.message}` : e.message);
    }
    try {
      send(res, 200, render(request, await session.run(feeds)));
    } catch (e) {
      fail(res, 500, `inference failed: ${e.message}`);
    }
  };

  const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/v2/health/ready') return send(res, 200, '{}');
    if (req.url !== inferPath) return fail(res, 404, `no route ${req.method} ${req.url}`);
    if (req.method !== 'POST') return fail(res, 405, `${req.url} takes POST`);
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => infer(res, Buffer.concat(chunks).toString('utf8')));
  });
  server.keepAliveTimeout = 60_000;
  await new Promise((resolve, reject) => server.listen(options.port, options.host, resolve).once('error', reject));
  process.on('SIGTERM', () => {
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
  });
}
