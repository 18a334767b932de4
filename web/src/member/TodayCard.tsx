import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Checkbox, Flex, Form, Input, InputNumber, Select, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { memberApi, newAttemptKey, type CheckinAnswer, type CheckinBody, type MemberState } from './api';
import { makeUpCandidates, type CalendarDay } from './calendar';
import { ImagePicker } from './ImagePicker';
import { refusalMessage } from './refusals';
import { Rewards } from './Rewards';

interface Values {
  text?: string;
  number?: number;
  link?: string;
  imageId?: string;
  makeUp?: boolean;
  makeUpDate?: string;
}

/** Today's card: where the camp stands, the fields the camp asks for, and the big check-in button. */
export function TodayCard({ token, state, days }: { token: string; state: MemberState; days: CalendarDay[] }) {
  const { t } = useTranslation('member');
  const client = useQueryClient();
  const [form] = Form.useForm<Values>();
  const makeUp = Form.useWatch('makeUp', form) ?? false;
  const [answer, setAnswer] = useState<CheckinAnswer | null>(null);
  // One key per attempt: a retry after a lost answer reuses it, a new attempt after an answer gets a new one.
  const attempt = useRef(newAttemptKey());
  const { camp, today, streak } = state;
  const { content } = camp;
  const candidates = makeUpCandidates(days, {
    makeUpsLeft: streak.makeUpsLeft,
    maxDaysLate: camp.makeUpMaxDaysLate,
    today: today.date,
  });

  const checkIn = useMutation({
    mutationFn: (body: CheckinBody) => memberApi.checkIn(token, body),
    onSuccess: (result) => {
      attempt.current = newAttemptKey();
      setAnswer(result);
      form.resetFields();
      void client.invalidateQueries({ queryKey: ['member', token] });
    },
    onError: (error) => {
      if (error instanceof ApiError) {
        attempt.current = newAttemptKey();
        // The page may be stale (checked in from another tab, the window closed): show the truth.
        void client.invalidateQueries({ queryKey: ['member', token] });
      }
    },
  });
  const submit = (values: Values) => {
    setAnswer(null);
    const text = values.text?.trim();
    checkIn.mutate({
      ...(text ? { text } : {}),
      ...(values.number !== undefined && values.number !== null ? { number: values.number } : {}),
      ...(values.link?.trim() ? { link: values.link.trim() } : {}),
      ...(values.imageId ? { imageId: values.imageId } : {}),
      ...(values.makeUp && values.makeUpDate ? { makeUpDate: values.makeUpDate } : {}),
      idempotencyKey: attempt.current,
    });
  };

  const status =
    today.dayOfCamp !== null
      ? t('dayOf', { day: today.dayOfCamp, length: camp.lengthDays })
      : today.date < camp.startDate
        ? t('notStarted', { date: camp.startDate })
        : t('ended', { date: camp.endDate });
  const doneToday = today.checkedIn && !makeUp;

  return (
    <Card data-testid="member-today">
      <Flex vertical gap={8}>
        <Flex justify="space-between" align="baseline" wrap gap={4}>
          <Typography.Title level={3} style={{ margin: 0 }} data-testid="member-day">
            {status}
          </Typography.Title>
          <Tag color={today.windowOpen ? 'green' : 'default'} data-testid="member-window-state">
            {today.windowOpen ? t('windowOpen') : t('windowClosed')}
          </Tag>
        </Flex>
        <Typography.Text type="secondary" data-testid="member-window">
          {t('window', camp.window)} ({camp.window.timezone})
        </Typography.Text>
        <Form<Values> form={form} layout="vertical" onFinish={submit} requiredMark={false} disabled={checkIn.isPending}>
          {/* Once today is done the fields only come back for a make-up. */}
          {!doneToday && (
            <>
              {content.number && (
                <Form.Item
                  name="number"
                  label={content.numberLabel ? t('numberWith', { label: content.numberLabel }) : t('number')}
                  rules={[{ required: true, message: t('required') }]}
                >
                  <InputNumber
                    min={0}
                    max={1e9}
                    size="large"
                    inputMode="decimal"
                    style={{ width: '100%' }}
                    data-testid="member-number"
                  />
                </Form.Item>
              )}
              {content.link && (
                <Form.Item
                  name="link"
                  label={t('link')}
                  rules={[
                    { required: true, message: t('required') },
                    { pattern: /^https?:\/\/\S+$/, message: t('linkInvalid') },
                  ]}
                >
                  <Input
                    size="large"
                    inputMode="url"
                    maxLength={2000}
                    placeholder="https://"
                    data-testid="member-link"
                  />
                </Form.Item>
              )}
              <Form.Item
                name="imageId"
                label={content.image ? t('image') : t('imageOptional')}
                rules={content.image ? [{ required: true, message: t('required') }] : []}
              >
                <ImagePicker token={token} />
              </Form.Item>
              <Form.Item
                name="text"
                label={content.text ? t('text') : t('textOptional')}
                rules={content.text ? [{ required: true, whitespace: true, message: t('required') }] : []}
              >
                <Input.TextArea autoSize={{ minRows: 2, maxRows: 6 }} maxLength={4000} data-testid="member-text" />
              </Form.Item>
            </>
          )}
          {candidates.length > 0 && (
            <>
              <Form.Item name="makeUp" valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox data-testid="member-makeup">
                  {t('makeUp')} · {t('makeUpLeft', { count: streak.makeUpsLeft })}
                </Checkbox>
              </Form.Item>
              {makeUp && (
                <Form.Item
                  name="makeUpDate"
                  rules={[{ required: true, message: t('required') }]}
                  initialValue={candidates[0].date}
                >
                  <Select
                    size="large"
                    data-testid="member-makeup-date"
                    options={candidates.map((d) => ({
                      value: d.date,
                      label: t('makeUpDay', { day: d.day, date: d.date }),
                    }))}
                  />
                </Form.Item>
              )}
            </>
          )}
          <Button
            type="primary"
            htmlType="submit"
            size="large"
            block
            loading={checkIn.isPending}
            disabled={doneToday}
            style={{ height: 56, fontSize: 20 }}
            data-testid="member-checkin"
          >
            {doneToday ? t('checkedInToday') : t('checkIn')}
          </Button>
        </Form>
        {checkIn.error && (
          <div
            data-testid="member-refusal"
            data-code={checkIn.error instanceof ApiError ? checkIn.error.code : 'network'}
          >
            <Alert type="warning" showIcon title={refusalMessage(t, checkIn.error, camp)} />
          </div>
        )}
        {answer && <Rewards answer={answer} badges={state.badges} />}
      </Flex>
    </Card>
  );
}
