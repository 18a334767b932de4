import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Modal, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { campApi } from './api';

/** Warns while links are built on the listening address: members' phones may not reach it. */
export function PublicUrlWarning() {
  const { t } = useTranslation('camps');
  const base = useQuery({ queryKey: ['public-url'], queryFn: campApi.publicUrl, staleTime: 60_000 });
  if (!base.data || base.data.configured) return null;
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="public-url-warning"
      title={t('links.publicUnset', { url: base.data.url })}
    />
  );
}

/**
 * Gives an enrolled member a new personal link (the old one stops at once: only a digest is kept,
 * so a link cannot be shown twice) and shows it with its QR code, rendered by the server.
 */
export function MemberLinkButton({ slug, campId, memberId }: { slug: string; campId: number; memberId: number }) {
  const { t } = useTranslation('camps');
  const reissue = useMutation({ mutationFn: () => campApi.reissueLink(slug, campId, memberId) });
  const ask = () =>
    Modal.confirm({ title: t('links.title'), content: t('links.confirm'), onOk: () => reissue.mutateAsync() });
  return (
    <>
      <Button size="small" onClick={ask} data-testid={`reissue-link-${memberId}`}>
        {t('links.reissue')}
      </Button>
      <Modal
        open={reissue.data !== undefined}
        title={t('links.title')}
        onCancel={() => reissue.reset()}
        footer={null}
        destroyOnHidden
      >
        {reissue.data && (
          <Space orientation="vertical" align="center" style={{ width: '100%' }}>
            <Typography.Text
              copyable={{ tooltips: [t('links.copy'), t('links.copied')] }}
              data-testid="reissued-link"
              style={{ wordBreak: 'break-all' }}
            >
              {reissue.data.link}
            </Typography.Text>
            <img
              alt={t('links.qr')}
              width={220}
              height={220}
              data-testid="reissued-qr"
              src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(reissue.data.qrSvg)}`}
            />
            <Typography.Text type="secondary">{t('links.qr')}</Typography.Text>
          </Space>
        )}
      </Modal>
    </>
  );
}
