// Reads a JSON array of {label, object} and prints {label: [error, ...]} for each object, validated
// by the @kubernetes-models packages: JSON-schema validators generated from KEDA's and the
// Prometheus Operator's API definitions (types, required fields, enums, formats). They accept
// fields the schema does not declare, as the API server's schemas do (it prunes them).
import { readFileSync } from "node:fs";
import { ScaledObject } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledObject";
import { ScaledJob } from "@kubernetes-models/keda/keda.sh/v1alpha1/ScaledJob";
import { TriggerAuthentication } from "@kubernetes-models/keda/keda.sh/v1alpha1/TriggerAuthentication";
import { ServiceMonitor } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor";
import { PrometheusRule } from "@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule";

const models = new Map(
  [ScaledObject, ScaledJob, TriggerAuthentication, ServiceMonitor, PrometheusRule].map((m) => [`${m.apiVersion}/${m.kind}`, m]),
);

const result = {};
for (const { label, object } of JSON.parse(readFileSync(process.argv[2], "utf8"))) {
  const Model = models.get(`${object.apiVersion}/${object.kind}`);
  if (!Model) {
    result[label] = [`no schema for ${object.apiVersion}/${object.kind}`];
    continue;
  }
  try {
    new Model(object).validate();
    result[label] = [];
  } catch (e) {
    result[label] = [String(e.message)];
  }
}
console.log(JSON.stringify(result));
