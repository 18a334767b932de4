import { Link } from 'react-router-dom';

/** A member's name in a camp tab, opening their profile. Rendered as text: names come from chats. */
export function MemberLink({ slug, memberId, name }: { slug: string; memberId: number; name: string }) {
  return (
    <Link to={`/c/${slug}/members/${memberId}`} data-testid="camp-member-link">
      {name}
    </Link>
  );
}
