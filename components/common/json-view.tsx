// Raw event JSON. Event fields are attacker-controlled (a user agent, a resource name): they are
// rendered as a text node inside <pre>, which React escapes, never as HTML. The record is evidence
// shown as stored, ids and all (data-raw-id: test/e2e/zz-overflow.spec.ts skips it).
export function JsonView({ value, label = "Raw event" }: { value: unknown; label?: string }) {
  const text = JSON.stringify(value, null, 2) ?? "null";
  return (
    <pre className="json-view" aria-label={label} data-testid="raw-json" data-raw-id>
      {text.length > 200_000 ? `${text.slice(0, 200_000)}\n… (truncated)` : text}
    </pre>
  );
}
