import { useEffect, useMemo, useState } from 'react';
import type { SendMessageDto, TemplatePreviewView, TemplateView } from '../api/api-types';
import { inputKey, templateValues, templateVariables, VariableInputs } from '../model/template-variables';
import { errorText, useConsole, useLoad } from './console-context';

type TemplatePayload = NonNullable<SendMessageDto['template']>;

const PREVIEW_DELAY_MS = 250;

/**
 * Pick an approved template of the channel, fill its variables, and see the
 * message as the customer will, checked by the gateway's preview route
 * (the same check a send runs). `send` gets the template object of a send.
 */
export function TemplateComposer({ channelId, send, disabled }: { channelId: string; send(template: TemplatePayload): Promise<void>; disabled?: boolean }) {
  const { api } = useConsole();
  const templates = useLoad(() => api.templates({ channelId, status: 'APPROVED', limit: 200 }), [api, channelId]);
  const [templateId, setTemplateId] = useState('');
  const [inputs, setInputs] = useState<VariableInputs>({});
  const [preview, setPreview] = useState<TemplatePreviewView | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const template: TemplateView | undefined = templates.data?.data.find((row) => row.id === templateId);
  const variables = useMemo(() => (template ? templateVariables(template.parsed) : []), [template]);

  useEffect(() => {
    if (!template) {
      setPreview(null);
      return;
    }
    const timer = setTimeout(() => {
      api.previewTemplate(template.id, templateValues(template.parsed, variables, inputs)).then(
        (answer) => {
          setPreview(answer);
          setProblem(null);
        },
        (error: unknown) => setProblem(errorText(error)),
      );
    }, PREVIEW_DELAY_MS);
    return () => clearTimeout(timer);
  }, [api, template, variables, inputs]);

  const submit = async () => {
    if (!template || !preview) return;
    setSending(true);
    try {
      await send({ name: template.name, language: { code: template.language }, components: preview.components as TemplatePayload['components'] });
      setInputs({});
    } finally {
      setSending(false);
    }
  };

  return (
    <div className="template-composer">
      <label>
        Template
        <select aria-label="Template" value={templateId} onChange={(event) => { setTemplateId(event.target.value); setInputs({}); }}>
          <option value="">{templates.loading ? 'Loading templates…' : templates.data?.data.length ? 'Choose an approved template' : 'No approved templates on this channel'}</option>
          {templates.data?.data.map((row) => (
            <option key={row.id} value={row.id}>
              {row.name} ({row.language}) · {row.category?.toLowerCase()}
            </option>
          ))}
        </select>
      </label>
      {variables.map((variable) => (
        <label key={inputKey(variable)}>
          {variable.label}
          <input value={inputs[inputKey(variable)] ?? ''} placeholder={variable.example ?? ''} onChange={(event) => setInputs({ ...inputs, [inputKey(variable)]: event.target.value })} />
        </label>
      ))}
      {preview && (
        <div className="template-preview" aria-label="Template preview">
          {preview.text.header && <strong>{preview.text.header}</strong>}
          {preview.text.body && <p>{preview.text.body}</p>}
          {preview.text.footer && <small className="muted">{preview.text.footer}</small>}
          {preview.text.buttons.length > 0 && (
            <ul className="bubble-choices">
              {preview.text.buttons.map((button) => (
                <li key={button.index}>{button.text ?? button.type}</li>
              ))}
            </ul>
          )}
          {preview.missing.length > 0 && <p className="warning">Still to fill: {preview.missing.join(', ')}</p>}
          {preview.problems.map((item) => (
            <p key={item.code + item.component} className="error">
              {item.message}
            </p>
          ))}
        </div>
      )}
      {problem && <p className="error">{problem}</p>}
      <button type="button" disabled={disabled || sending || !preview?.sendable} onClick={() => void submit()}>
        {sending ? 'Sending…' : 'Send template'}
      </button>
    </div>
  );
}
