import { Card } from 'antd';
import type { ReactNode } from 'react';
import { LanguageSwitch } from '../ui/LanguageSwitch';

/** The frame of the pages a link opens outside the console (invitation, password reset). */
export function LinkPage({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f5f5f5', padding: 12 }}>
      <Card style={{ width: 420, maxWidth: '100%' }} extra={<LanguageSwitch />} title={title}>
        {children}
      </Card>
    </div>
  );
}

/** Into the console with the new session: a full load, so the console reads it afresh. */
export const enterConsole = (slug?: string) => window.location.assign(slug ? `/c/${slug}/overview` : '/');
