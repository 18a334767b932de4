import { Button, Input, Popover, Space } from 'antd';
import { useState, type ReactNode } from 'react';

interface Props {
  label: ReactNode;
  title: ReactNode;
  placeholder: string;
  busy: boolean;
  danger?: boolean;
  testId: string;
  onConfirm(reason: string): void;
}

/** A button that asks for a reason before a write that must carry one (voiding, blacklisting). */
export function ReasonButton({ label, title, placeholder, busy, danger, testId, onConfirm }: Props) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const confirm = () => {
    if (!reason.trim()) return;
    onConfirm(reason.trim());
    setOpen(false);
    setReason('');
  };
  return (
    <Popover
      open={open}
      onOpenChange={setOpen}
      trigger="click"
      title={title}
      content={
        <Space.Compact style={{ width: 280 }}>
          <Input
            autoFocus
            value={reason}
            maxLength={500}
            placeholder={placeholder}
            onChange={(e) => setReason(e.target.value)}
            onPressEnter={confirm}
            data-testid={`${testId}-reason`}
          />
          <Button
            type="primary"
            danger={danger}
            disabled={!reason.trim()}
            onClick={confirm}
            data-testid={`${testId}-confirm`}
          >
            OK
          </Button>
        </Space.Compact>
      }
    >
      <Button size="small" danger={danger} loading={busy} data-testid={testId}>
        {label}
      </Button>
    </Popover>
  );
}
