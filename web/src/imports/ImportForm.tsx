import { Button, Form, Progress, Radio, Typography, Upload, type UploadFile } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ACCEPT, FORMATS, type ImportFormat } from './types';

interface Props {
  busy: boolean;
  /** Upload progress in percent while the file is being sent. */
  uploadPercent: number | null;
  onSubmit(format: ImportFormat, file: File): void;
}

/** Choose a format and a file, then send it. */
export function ImportForm({ busy, uploadPercent, onSubmit }: Props) {
  const { t } = useTranslation('imports');
  const [format, setFormat] = useState<ImportFormat>('telegram');
  const [files, setFiles] = useState<UploadFile[]>([]);
  const file = files[0]?.originFileObj ?? (files[0] as unknown as File | undefined);

  return (
    <Form layout="vertical">
      <Form.Item label={t('format')} extra={<span data-testid="import-hint">{t(`hints.${format}`)}</span>}>
        <Radio.Group
          optionType="button"
          value={format}
          onChange={(e) => setFormat(e.target.value)}
          options={FORMATS.map((f) => ({ value: f, label: t(`formats.${f}`) }))}
          data-testid="import-format"
        />
      </Form.Item>
      <Form.Item label={t('file')}>
        <div data-testid="import-file">
          <Upload
            accept={ACCEPT[format]}
            maxCount={1}
            fileList={files}
            // Keep the file in the browser; the submit button sends it with its format.
            beforeUpload={(picked) => {
              setFiles([{ uid: picked.uid, name: picked.name, size: picked.size, originFileObj: picked }]);
              return false;
            }}
            onRemove={() => setFiles([])}
          >
            <Button>{t('pick')}</Button>
          </Upload>
        </div>
      </Form.Item>
      <Button
        type="primary"
        disabled={!file || busy}
        loading={busy}
        onClick={() => file && onSubmit(format, file)}
        data-testid="import-submit"
      >
        {t('submit')}
      </Button>
      {uploadPercent !== null && (
        <div style={{ marginTop: 12 }} data-testid="import-upload-progress">
          <Typography.Text type="secondary">{t('uploading', { percent: uploadPercent })}</Typography.Text>
          <Progress percent={uploadPercent} size="small" />
        </div>
      )}
    </Form>
  );
}
