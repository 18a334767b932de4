import { Button, Flex, Image, Typography } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { memberApi } from './api';

const ACCEPTED = 'image/jpeg,image/png,image/webp,image/gif';

interface Props {
  token: string;
  /** Form.Item wiring: the uploaded image's id, or undefined. */
  value?: string;
  onChange?: (imageId: string | undefined) => void;
}

/**
 * A photo for the check-in, uploaded as soon as it is chosen so the check-in itself stays a small
 * JSON request; the server judges the type by content and answers a size refusal in words.
 */
export function ImagePicker({ token, value, onChange }: Props) {
  const { t } = useTranslation('member');
  const input = useRef<HTMLInputElement>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(
    () => () => {
      if (preview) URL.revokeObjectURL(preview);
    },
    [preview],
  );
  // The form was reset after a check-in: drop the old preview too.
  useEffect(() => {
    if (value === undefined) setPreview(null);
  }, [value]);

  const choose = async (file: File | undefined) => {
    if (!file) return;
    setError(null);
    setUploading(true);
    try {
      const { imageId } = await memberApi.uploadImage(token, file);
      setPreview(URL.createObjectURL(file));
      onChange?.(imageId);
    } catch (e) {
      const code =
        e instanceof ApiError && (e.code === 'IMAGE_TOO_LARGE' || e.code === 'UNSUPPORTED_IMAGE') ? e.code : 'other';
      setError(t(`imageErrors.${code}`));
      onChange?.(undefined);
    } finally {
      setUploading(false);
      if (input.current) input.current.value = '';
    }
  };

  return (
    <Flex vertical gap={8}>
      <input
        ref={input}
        type="file"
        accept={ACCEPTED}
        hidden
        data-testid="member-image-input"
        onChange={(e) => void choose(e.target.files?.[0])}
      />
      {preview && value ? (
        <Flex align="center" gap={12}>
          <Image
            src={preview}
            width={96}
            height={96}
            style={{ objectFit: 'cover', borderRadius: 8 }}
            preview={false}
            data-testid="member-image-preview"
          />
          <Button onClick={() => onChange?.(undefined)}>{t('imageRemove')}</Button>
        </Flex>
      ) : (
        <Button
          size="large"
          block
          loading={uploading}
          onClick={() => input.current?.click()}
          data-testid="member-image-pick"
        >
          {uploading ? t('imageUploading') : t('imagePick')}
        </Button>
      )}
      {error && (
        <Typography.Text type="danger" data-testid="member-image-error">
          {error}
        </Typography.Text>
      )}
    </Flex>
  );
}
