// A second, independent gRPC implementation talking to the serving process: @grpc/grpc-js with @grpc/proto-loader
// loading the server's own grpc_predict_v2.proto. Usage: node GrpcNodeClient.js <host:port> <proto> <model> <row-json>
// (NODE_PATH points at the npm test peers). Runs every RPC and the error paths once and prints one JSON object;
// the C# test (GrpcInteropTests) asserts on it.
'use strict';
const grpc = require('@grpc/grpc-js');
const loader = require('@grpc/proto-loader');

const [address, protoPath, model, rowJson] = process.argv.slice(2);
const row = JSON.parse(rowJson);
const definition = loader.loadSync(protoPath, { keepCase: true, longs: String, enums: String, defaults: true, oneofs: true });
const inference = grpc.loadPackageDefinition(definition).inference;
const client = new inference.GRPCInferenceService(address, grpc.credentials.createInsecure());

function call(method, request) {
  return new Promise((resolve) => {
    client[method](request, { deadline: Date.now() + 30000 }, (error, response) =>
      resolve(error ? { code: error.code, details: error.details } : { code: 0, response }));
  });
}

function typedRequest(overrides) {
  return Object.assign({
    model_name: model,
    id: 'node-1',
    inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 4], contents: { fp32_contents: row } }],
  }, overrides);
}

function rawRequest() {
  const bytes = Buffer.alloc(16);
  row.forEach((v, i) => bytes.writeFloatLE(v, i * 4));
  return {
    model_name: model,
    inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 4] }],
    outputs: [{ name: 'probabilities' }, { name: 'label' }],
    raw_input_contents: [bytes],
  };
}

async function main() {
  const result = {};
  result.live = await call('ServerLive', {});
  result.ready = await call('ServerReady', {});
  result.serverMetadata = await call('ServerMetadata', {});
  result.modelReady = await call('ModelReady', { name: model });
  result.modelMetadata = await call('ModelMetadata', { name: model });
  result.typed = await call('ModelInfer', typedRequest({}));
  const raw = await call('ModelInfer', rawRequest());
  if (raw.code === 0) {
    const [probabilities, label] = raw.response.raw_output_contents;
    raw.decoded = {
      probabilities: [0, 1, 2].map((i) => probabilities.readFloatLE(i * 4)),
      label: label.readBigInt64LE(0).toString(),
      contentsPresent: raw.response.outputs.some((o) => o.contents !== null),
    };
    delete raw.response.raw_output_contents;
  }
  result.raw = raw;
  result.badShape = await call('ModelInfer', typedRequest({ inputs: [{ name: 'input', datatype: 'FP32', shape: [1, 3], contents: { fp32_contents: row.slice(0, 3) } }] }));
  result.afterBadShape = await call('ModelInfer', typedRequest({}));
  result.wrongDatatype = await call('ModelInfer', typedRequest({ inputs: [{ name: 'input', datatype: 'INT64', shape: [1, 4], contents: { int64_contents: ['1', '2', '3', '4'] } }] }));
  result.afterWrongDatatype = await call('ModelInfer', typedRequest({}));
  result.unknownModel = await call('ModelInfer', typedRequest({ model_name: 'no-such-model' }));
  result.unknownModelReady = await call('ModelReady', { name: 'no-such-model' });
  result.afterUnknownModel = await call('ModelInfer', typedRequest({}));
  client.close();
  process.stdout.write(JSON.stringify(result));
}

main().catch((e) => {
  process.stderr.write(String(e && e.stack || e));
  process.exit(1);
});
