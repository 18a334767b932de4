import { Card } from 'antd';
import type { ReactNode } from 'react';

/** A titled card around one chart or table. */
export function Panel({ title, children, extra }: { title: ReactNode; children: ReactNode; extra?: ReactNode }) {
  return (
    <Card size="small" title={title} extra={extra} style={{ height: '100%' }}>
      {children}
    </Card>
  );
}
