import { Field } from '../../../components/Field.tsx';
import { type LevelDraft, newTarget, type TargetType } from './policy-draft.ts';

export interface TargetOptions {
  user: Array<{ id: string; name: string }>;
  schedule: Array<{ id: string; name: string }>;
  team: Array<{ id: string; name: string }>;
}

const TYPE_LABELS: Record<TargetType, string> = {
  user: 'User',
  schedule: 'Schedule',
  team: 'Team',
};

/** Edits one escalation level: whom to page, and how long to wait before the next level. */
export function LevelEditor({
  level,
  index,
  count,
  options,
  onChange,
  onMove,
  onRemove,
}: {
  level: LevelDraft;
  index: number;
  count: number;
  options: TargetOptions;
  onChange: (level: LevelDraft) => void;
  onMove: (direction: -1 | 1) => void;
  onRemove: () => void;
}) {
  const number = index + 1;
  return (
    <fieldset className="level-editor">
      <legend>Level {number}</legend>
      {level.targets.map((target, targetIndex) => (
        <div className="target-row" key={target.key}>
          <label className="visually-hidden" htmlFor={`${target.key}-type`}>
            Level {number} target {targetIndex + 1} type
          </label>
          <select
            id={`${target.key}-type`}
            value={target.type}
            onChange={(event) => {
              const targets = [...level.targets];
              targets[targetIndex] = { ...target, type: event.target.value as TargetType, id: '' };
              onChange({ ...level, targets });
            }}
          >
            {Object.entries(TYPE_LABELS).map(([value, label]) => (
              <option key={value} value={value}>
                {label}
              </option>
            ))}
          </select>
          <label className="visually-hidden" htmlFor={`${target.key}-id`}>
            Level {number} target {targetIndex + 1}
          </label>
          <select
            id={`${target.key}-id`}
            value={target.id}
            onChange={(event) => {
              const targets = [...level.targets];
              targets[targetIndex] = { ...target, id: event.target.value };
              onChange({ ...level, targets });
            }}
          >
            <option value="">Choose a {TYPE_LABELS[target.type].toLowerCase()}</option>
            {options[target.type].map((option) => (
              <option key={option.id} value={option.id}>
                {option.name}
              </option>
            ))}
          </select>
          <button
            type="button"
            className="button button-small button-quiet"
            disabled={level.targets.length === 1}
            onClick={() =>
              onChange({ ...level, targets: level.targets.filter((_, i) => i !== targetIndex) })
            }
            aria-label={`Remove target ${targetIndex + 1} of level ${number}`}
          >
            Remove
          </button>
        </div>
      ))}
      <button
        type="button"
        className="button button-small"
        onClick={() => onChange({ ...level, targets: [...level.targets, newTarget()] })}
      >
        Add target
      </button>
      <Field label={`Minutes before escalating past level ${number}`}>
        <input
          type="number"
          min={1}
          max={1440}
          required
          value={level.delayMinutes}
          onChange={(event) => onChange({ ...level, delayMinutes: Number(event.target.value) })}
        />
      </Field>
      <div className="form-actions">
        <button
          type="button"
          className="button button-small"
          disabled={index === 0}
          onClick={() => onMove(-1)}
          aria-label={`Move level ${number} up`}
        >
          Move up
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={index === count - 1}
          onClick={() => onMove(1)}
          aria-label={`Move level ${number} down`}
        >
          Move down
        </button>
        <button
          type="button"
          className="button button-small button-quiet"
          disabled={count === 1}
          onClick={onRemove}
          aria-label={`Remove level ${number}`}
        >
          Remove level
        </button>
      </div>
    </fieldset>
  );
}
