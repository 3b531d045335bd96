import { redirect } from 'next/navigation';

/** The fleet overview is the home page. */
export default function HomePage() {
  redirect('/hotspot');
}
