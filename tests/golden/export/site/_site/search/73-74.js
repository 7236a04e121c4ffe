tkShard("73-74",[
["stars",3,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en",""],
["starts",3,"a","A <b>bold</b> & [[link]] {{tpl}} | pipe","en",""]
]);
